// Slack's rule: a request stamped more than 5 minutes from now is a replay. Bolt's receiver
// refuses only the old ones, so a request signed with a future stamp could be replayed for as
// long as that stamp stays "recent"; this refuses both directions.
const MAX_SKEW_SECONDS = 5 * 60;

export function isFreshSlackTimestamp(header: string | string[] | undefined, nowMs: number): boolean {
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(header)) <= MAX_SKEW_SECONDS;
}
