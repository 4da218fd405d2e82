import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open-database.ts';
import { onPostgres, openTestDatabase } from '../support/test-database.ts';

// On PostgreSQL the bot's statements are prepared once per connection (src/db/statement-names.ts).
describe.runIf(onPostgres)('prepared statements on PostgreSQL', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase({ poolSize: 1 });
  });
  afterAll(() => db.close());

  it('prepares a statement the first time and reuses it after', async () => {
    const find = () => db.prisma.team.findMany({ where: { name: 'prepared-statements probe' } });
    await find();
    await find();
    await find();
    // One connection, so this runs where the three finds did and sees what it prepared.
    const prepared = await db.prisma.$queryRaw<{ name: string; statement: string; plans: bigint }[]>`
      SELECT name, statement, generic_plans + custom_plans AS plans FROM pg_prepared_statements`;
    const probe = prepared.filter((p) => p.statement.includes('FROM "public"."Team"'));
    expect(probe).toHaveLength(1);
    expect(probe[0]!.name).toMatch(/^tally_\d+$/);
    // Planned at most once per execution, never parsed again: three executions of one statement.
    expect(Number(probe[0]!.plans)).toBe(3);
  });
});
