import { accountLabel } from '../../documents/invoice-pdf.ts';
import { button, reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { updateBillingSettings } from '../../settings/billing-settings.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team settings',
  summary: 'Billing address and account type, shown on invoices; add options to change them',
  options: [
    opt.text('address', 'Billing address', {
      required: false,
      namedOnly: true,
      min: 0,
      max: 500,
      label: 'billing address',
      multiline: true,
    }),
    opt.choice('type', 'Account type', ['individual', 'company'], { required: false, namedOnly: true }),
    opt.text('company', 'Company name (company accounts)', {
      required: false,
      namedOnly: true,
      max: 120,
      label: 'company name',
    }),
  ],
  permission: 'settings.manage',
  async run({ deps, actor, team, access, options }) {
    const changing = options.address !== undefined || options.type !== undefined || options.company !== undefined;
    const current = changing
      ? await updateBillingSettings(deps, actor.userId, access, {
          ...(options.address !== undefined && { billingAddress: options.address }),
          ...(options.type !== undefined && { accountType: options.type }),
          ...(options.company !== undefined && { companyName: options.company }),
        })
      : team;
    const fields = [
      { label: 'Account type', value: accountLabel(current.accountType, null) },
      ...(current.companyName ? [{ label: 'Company', value: current.companyName }] : []),
      { label: 'Billing address', value: current.billingAddress || 'not set' },
    ];
    const text = changing
      ? md`Saved the settings of *${current.name}*.`
      : md`Settings of *${current.name}*. Change them with \`/team settings address:"…" type:company company:"…"\`.`;
    const buttons = [button('Edit', 'team settings', { team: current.id }, { form: true })];
    return changing ? success(text, { fields, buttons }) : reply(text, { title: 'Settings', fields, buttons });
  },
});
