import { recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { md } from '../rich-text.ts';
import type { TeamContext } from '../teams/team-context.ts';

export interface SettingsChange {
  billingAddress?: string;
  accountType?: 'individual' | 'company';
  companyName?: string;
  /** "" clears it. */
  taxId?: string;
}

/**
 * Billing details shown in the *Bill to* block of invoices. A company account needs a company
 * name; an individual one has none.
 */
export async function updateBillingSettings(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'settings.manage'>,
  change: SettingsChange,
) {
  const accountType = change.accountType ?? ctx.team.accountType;
  const companyName = accountType === 'individual' ? null : (change.companyName ?? ctx.team.companyName);
  if (accountType === 'company' && !companyName) {
    throw new TallyError(
      'company_name_required',
      md`A company account needs the company name for invoices: add \`company:"Acme Research Ltd"\`.`,
    );
  }
  if (change.companyName !== undefined && accountType === 'individual') {
    throw new TallyError(
      'company_name_individual',
      md`An individual account has no company name. Set \`type:company\` as well.`,
    );
  }
  return deps.db.$transaction(async (tx) => {
    const team = await tx.team.update({
      where: { id: ctx.team.id },
      data: {
        accountType,
        companyName,
        ...(change.billingAddress !== undefined && { billingAddress: change.billingAddress }),
        ...(change.taxId !== undefined && { taxId: change.taxId || null }),
      },
    });
    await recordAudit(tx, {
      teamId: team.id,
      actorId,
      action: 'settings.edit',
      details: {
        accountType,
        companyName,
        addressChanged: change.billingAddress !== undefined,
        ...(change.taxId !== undefined && { taxId: change.taxId || null }),
      },
      at: deps.clock.now(),
    });
    return team;
  });
}
