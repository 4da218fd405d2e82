import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedFrom } from '../support/migration-database.ts';

const MIGRATION = '20261206100000_api_keys';

/**
 * 20261206100000_api_keys on a database whose keys were made before keys had roles: each acts as
 * its team's Member, as a user of its own named after it, and still authenticates (same row).
 */
describe('migration api_keys', () => {
  let database: Awaited<ReturnType<typeof migratedFrom>>;

  beforeAll(async () => {
    database = await migratedFrom(
      MIGRATION,
      `
      INSERT INTO "User" (id, "displayName") VALUES ('u-alice', 'alice');
      INSERT INTO "Team" (id, name) VALUES ('t-acme', 'Acme'), ('t-globex', 'Globex');
      INSERT INTO "Role" (id, "teamId", key, name, "nameFolded", permissions) VALUES
        ('r-acme-member', 't-acme', 'member', 'Member', 'member', '{}'),
        ('r-acme-owner', 't-acme', 'owner', 'Owner', 'owner', '{}'),
        ('r-globex-member', 't-globex', 'member', 'Member', 'member', '{}');
      INSERT INTO "ApiKey" (id, "teamId", name, "liveName", prefix, "secretHash", "createdById", "createdAt") VALUES
        ('k-ci', 't-acme', 'ci', 'ci', 'aaaaaaaa', 'h1', 'u-alice', '2026-11-30T10:00:00Z'),
        ('k-deploy', 't-globex', 'deploy', NULL, 'bbbbbbbb', 'h2', 'u-alice', '2026-11-30T11:00:00Z');
    `,
    );
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it("gives each existing key its team's Member role and a user named after it", async () => {
    const rows = await database.sql.query(
      `SELECT k.id, k."roleId", u."displayName", u."createdAt" = k."createdAt" AS "sameTime"
       FROM "ApiKey" k JOIN "User" u ON u.id = k."userId" ORDER BY k.id`,
    );
    expect(rows).toEqual([
      { id: 'k-ci', roleId: 'r-acme-member', displayName: 'API key ci', sameTime: true },
      { id: 'k-deploy', roleId: 'r-globex-member', displayName: 'API key deploy', sameTime: true },
    ]);
  });
});
