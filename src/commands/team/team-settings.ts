import { accountLabel } from '../../documents/invoice-pdf.ts';
import { button, reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { updateBillingSettings } from '../../settings/billing-settings.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

const EXAMPLE = md`\`/team settings address:"…" type:company company:"…" taxid:…\``;

export default teamCommand({
  path: 'team settings',
  summary: 'Billing address, account type and tax id, shown on invoices; add options to change them',
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
    opt.text('taxid', 'Tax id (VAT number) printed on invoices', {
      required: false,
      namedOnly: true,
      min: 0,
      max: 30,
      label: 'tax id',
      // Empty clears it; otherwise 4-30 letters, digits and the separators tax ids are written with.
      pattern: /^(?:[A-Za-z0-9][A-Za-z0-9 ./-]{2,28}[A-Za-z0-9])?$/,
      patternHint: 'is not a tax id: use 4 to 30 letters, digits, spaces, dots, dashes or slashes (DE123456789)',
    }),
  ],
  permission: 'settings.manage',
  async run({ deps, actor, team, access, options }) {
    const changing = [options.address, options.type, options.company, options.taxid].some((o) => o !== undefined);
    const current = changing
      ? await updateBillingSettings(deps, actor.userId, access, {
          ...(options.address !== undefined && { billingAddress: options.address }),
          ...(options.type !== undefined && { accountType: options.type }),
          ...(options.company !== undefined && { companyName: options.company }),
          ...(options.taxid !== undefined && { taxId: options.taxid }),
        })
      : team;
    const fields = [
      { label: 'Account type', value: accountLabel(current.accountType, null) },
      ...(current.companyName ? [{ label: 'Company', value: current.companyName }] : []),
      { label: 'Billing address', value: current.billingAddress || 'not set' },
      { label: 'Tax id', value: current.taxId || 'not set' },
    ];
    const text = changing
      ? md`Saved the settings of *${current.name}*.`
      : md`Settings of *${current.name}*. Change them with ${EXAMPLE}.`;
    const buttons = [button('Edit', 'team settings', { team: current.id }, { form: true })];
    return changing ? success(text, { fields, buttons }) : reply(text, { title: 'Settings', fields, buttons });
  },
});
