import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { randomBase32 } from '../../src/ids.ts';
import setup from '../support/global-setup.ts';
import { onPostgres, withEmptyPostgres } from '../support/test-database.ts';

const serverUrl = process.env.TEST_DATABASE_URL!;

async function onServer<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const databasesStartingWith = (prefix: string) =>
  onServer(async (client) =>
    (
      await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1',
        [prefix],
      )
    ).rows.map((r) => r.datname),
  );

describe.runIf(onPostgres)('test runs sharing one PostgreSQL server', () => {
  it("a run's global setup and teardown create and drop only the run's own databases", async () => {
    const tag = randomBase32(6).toLowerCase();
    // Databases of other runs: an older-style name and one shaped like a concurrent run's.
    const others = [`tally_t_otherrun_${tag}`, `tally_test_1_${tag}_template`];
    await onServer(async (client) => {
      for (const name of others) await client.query(`CREATE DATABASE "${name}"`);
    });
    try {
      const provided: Record<string, unknown> = {};
      const project = {
        provide: (key: string, value: unknown) => {
          provided[key] = value;
        },
      } as unknown as TestProject;
      const teardown = await setup(project);
      for (const name of others) expect(await databasesStartingWith(name)).toEqual([name]);
      const prefix = provided.postgresRun as string;
      expect(prefix).toMatch(new RegExp(`^tally_test_${process.pid}_[0-9a-z]{6}$`));
      expect(await databasesStartingWith(`${prefix}_`)).toEqual([`${prefix}_template`]);
      expect(typeof teardown).toBe('function');
      await (teardown as () => Promise<void>)();
      expect(await databasesStartingWith(`${prefix}_`)).toEqual([]);
      for (const name of others) expect(await databasesStartingWith(name)).toEqual([name]);
    } finally {
      await onServer(async (client) => {
        for (const name of others) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    }
  });

  it("a test's scratch database carries its run's prefix", async () => {
    await withEmptyPostgres('probe', async (url) => {
      expect(new URL(url).pathname).toMatch(new RegExp(`^/${inject('postgresRun')}_probe_[0-9a-z]{6}$`));
    });
  });
});
