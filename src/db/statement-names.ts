/**
 * Names for prepared statements, for @prisma/adapter-pg's `statementNameGenerator`. A named
 * statement is parsed and planned once per connection and then only bound and executed: the
 * person-and-teams statement every command starts with spends 0.4 ms planning each time it is
 * sent unnamed (bench/checkout.ts: a /launch goes from 4.0 to 3.2 ms).
 *
 * Each connection keeps every statement it prepared until it closes, so only the first `limit`
 * different texts get a name; later ones (a rare IN list of a new length) run unnamed as before.
 */
export function statementNames(limit = 1000): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `tally_${names.size}`;
      names.set(sql, name);
    }
    // An empty name is node-postgres's unnamed statement, as with no generator at all.
    return name ?? '';
  };
}
