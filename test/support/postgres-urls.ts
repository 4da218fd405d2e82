import { randomBase32 } from '../../src/ids.ts';

/** The same server and credentials as `url`, another database. */
export function adminUrl(url: string, database?: string): string {
  const parsed = new URL(url);
  if (database) parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Every database a test run creates starts with its run's prefix, so runs sharing a server (two
 * developers, CI jobs) create and drop only their own. Not `tally_t_…`: runs of older checkouts
 * still drop everything named like that.
 */
export function newRunPrefix(): string {
  return `tally_test_${process.pid}_${randomBase32(6).toLowerCase()}`;
}

export const templateDatabase = (runPrefix: string) => `${runPrefix}_template`;

/** A database name of the run's no other call returns; `label` says what it is for. */
export const scratchDatabase = (runPrefix: string, label: string) =>
  `${runPrefix}_${label}_${randomBase32(6).toLowerCase()}`;
