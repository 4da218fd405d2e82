import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import type { LedgerKind } from '../generated/prisma/client.ts';
import type { TeamContext } from '../teams/team-context.ts';

/** A calendar month in UTC, the period of one statement. */
export interface Month {
  /** "2026-11" */
  key: string;
  /** "November 2026" */
  label: string;
  from: Date;
  /** The first instant of the next month (exclusive). */
  to: Date;
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthOf(year: number, monthIndex: number): Month {
  const from = new Date(Date.UTC(year, monthIndex, 1));
  const name = MONTH_NAMES[from.getUTCMonth()]!;
  return {
    key: from.toISOString().slice(0, 7),
    label: `${name[0]!.toUpperCase()}${name.slice(1)} ${from.getUTCFullYear()}`,
    from,
    to: new Date(Date.UTC(year, monthIndex + 1, 1)),
  };
}

/**
 * What people type for a month: nothing or "this" (the current month), "last", "2026-11",
 * "November 2026", "nov 2026" or "november" (its latest occurrence). Months not begun are refused.
 */
export function parseMonth(text: string | undefined, now: Date): Month {
  const typed = (text ?? '').trim().toLowerCase();
  const year = now.getUTCFullYear();
  const current = now.getUTCMonth();
  let month: Month | undefined;
  if (typed === '' || typed === 'this') month = monthOf(year, current);
  else if (typed === 'last' || typed === 'previous') month = monthOf(year, current - 1);
  else {
    const numeric = /^(\d{4})-(\d{1,2})$/.exec(typed);
    const named = /^([a-z]+)\.?(?:\s+(\d{4}))?$/.exec(typed);
    if (numeric && Number(numeric[2]) >= 1 && Number(numeric[2]) <= 12)
      month = monthOf(Number(numeric[1]), Number(numeric[2]) - 1);
    else if (named && named[1]!.length >= 3) {
      const index = MONTH_NAMES.findIndex((name) => name.startsWith(named[1]!));
      // A bare name means its latest occurrence: "december" in January is last December.
      if (index >= 0) month = monthOf(named[2] ? Number(named[2]) : index > current ? year - 1 : year, index);
    }
  }
  if (!month || month.from.getUTCFullYear() < 2000) {
    const example = monthOf(year, current).key;
    throw new TallyError(
      'invalid_month',
      `"${text}" is not a month I understand: ` +
        `use YYYY-MM like ${example}, a month name like "November 2026", or "last".`,
    );
  }
  if (month.from > now)
    throw new TallyError(
      'invalid_month',
      `${month.label} has not begun yet: statements cover this month and earlier ones.`,
    );
  return month;
}

/** The months people usually ask for, newest first: this one and the eleven before it. */
export function recentMonths(now: Date, count = 12): Month[] {
  return Array.from({ length: count }, (_, i) => monthOf(now.getUTCFullYear(), now.getUTCMonth() - i));
}

export interface ResourceLine {
  name: string;
  kind: string;
  spec: string;
  /** Each charge is one prepaid hour (the first at checkout, then one per metered hour). */
  hours: number;
  chargedCents: number;
  refundedCents: number;
}

export interface Statement {
  month: Month;
  team: { name: string; billingAddress: string; accountType: string; companyName: string | null; taxId: string | null };
  /** ISO 4217 (TALLY_CURRENCY): one credit is one unit of it. */
  currency: string;
  openingCents: number;
  closingCents: number;
  /** Sum of the month's entries of each kind (charges negative). */
  totals: Record<LedgerKind, number>;
  resources: ResourceLine[];
  topUps: { at: Date; invoiceNumber: string | null; amountCents: number }[];
  /** Promotions and adjustments, which carry their own reason. */
  other: { at: Date; kind: LedgerKind; amountCents: number; reason: string }[];
}

/** A month of one team's ledger: opening and closing balance, charges by resource, top-ups. */
export async function monthlyStatement(
  deps: Pick<Deps, 'db' | 'invoicing'>,
  ctx: TeamContext<'billing.view'>,
  month: Month,
): Promise<Statement> {
  const { team } = ctx;
  const teamId = team.id;
  // Sums, not the last entry's balance-after: entries are stamped when their job began, so the
  // last one by time need not be the last one applied. The ledger always sums to the balance.
  const before = await deps.db.ledgerEntry.aggregate({
    where: { teamId, createdAt: { lt: month.from } },
    _sum: { amountCents: true },
  });
  const entries = await deps.db.ledgerEntry.findMany({
    where: { teamId, createdAt: { gte: month.from, lt: month.to } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { resource: { select: { name: true, kind: true, spec: true } }, invoice: { select: { number: true } } },
  });
  const openingCents = before._sum.amountCents ?? 0;
  const totals: Record<LedgerKind, number> = { top_up: 0, charge: 0, refund: 0, promotion: 0, adjustment: 0 };
  const byResource = new Map<string, ResourceLine>();
  const statement: Statement = {
    month,
    team: {
      name: team.name,
      billingAddress: team.billingAddress,
      accountType: team.accountType,
      companyName: team.companyName,
      taxId: team.taxId,
    },
    currency: deps.invoicing.currency,
    openingCents,
    closingCents: openingCents + entries.reduce((sum, entry) => sum + entry.amountCents, 0),
    totals,
    resources: [],
    topUps: [],
    other: [],
  };
  for (const entry of entries) {
    totals[entry.kind] += entry.amountCents;
    if (entry.kind === 'charge' || entry.kind === 'refund') {
      const key = entry.resourceId ?? 'removed';
      const line = byResource.get(key) ?? {
        name: entry.resource?.name ?? '(removed resource)',
        kind: entry.resource?.kind ?? '',
        spec: entry.resource?.spec ?? '',
        hours: 0,
        chargedCents: 0,
        refundedCents: 0,
      };
      if (entry.kind === 'charge') {
        line.hours += 1;
        line.chargedCents -= entry.amountCents;
      } else line.refundedCents += entry.amountCents;
      byResource.set(key, line);
    } else if (entry.kind === 'top_up')
      statement.topUps.push({
        at: entry.createdAt,
        invoiceNumber: entry.invoice?.number ?? null,
        amountCents: entry.amountCents,
      });
    else
      statement.other.push({
        at: entry.createdAt,
        kind: entry.kind,
        amountCents: entry.amountCents,
        reason: entry.reason,
      });
  }
  statement.resources = [...byResource.values()].sort(
    (a, b) => b.chargedCents - b.refundedCents - (a.chargedCents - a.refundedCents) || a.name.localeCompare(b.name),
  );
  return statement;
}
