import { TallyError } from './errors.ts';

/** The largest single top-up or threshold: 1,000,000.00 credits, far inside a 32-bit cents column. */
export const MAX_AMOUNT_CENTS = 100_000_000;

/** The largest balance: 20,000,000.00 credits, inside the balance's 32-bit cents column with room to spare. */
export const MAX_BALANCE_CENTS = 2_000_000_000;

const AMOUNT = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses what a person types for an amount ("50", "12.5", "1,000.00", "$20") into integer cents.
 * Money never passes through a float.
 */
export function parseAmount(text: string, what = 'amount'): number {
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) throw new TallyError('invalid_amount', `The ${what} must be positive, not ${trimmed}.`);
  const match = AMOUNT.exec(trimmed);
  if (!match) {
    throw new TallyError(
      'invalid_amount',
      `"${trimmed}" is not an amount I understand for ${what}: use digits with at most two decimals, like 50 or 12.50.`,
    );
  }
  const whole = Number.parseInt(match[1]!.replaceAll(',', ''), 10);
  const cents = Number.parseInt((match[2] ?? '').padEnd(2, '0'), 10);
  const total = whole * 100 + cents;
  if (!Number.isSafeInteger(total) || total > MAX_AMOUNT_CENTS) {
    throw new TallyError('invalid_amount', `The ${what} can be at most ${formatCents(MAX_AMOUNT_CENTS)}.`);
  }
  return total;
}

/** 123456 → "1,234.56"; negative amounts keep their sign. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** 5000, "USD" → "50.00 USD": money on invoices and statements. */
export function formatMoney(cents: number, currency: string): string {
  return `${formatCents(cents)} ${currency}`;
}

/** 1250 → "+12.50", -249 → "-2.49", 0 → "0.00": a ledger movement with its direction. */
export function formatSignedCents(cents: number): string {
  return `${cents > 0 ? '+' : ''}${formatCents(cents)}`;
}
