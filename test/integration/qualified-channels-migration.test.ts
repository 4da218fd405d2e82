import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlConnection } from '../../src/db/sql-connection.ts';
import { migratedFrom } from '../support/migration-database.ts';

const MIGRATION = '20261203070000_qualified_channels';

/**
 * The back-fill of 20261203070000_qualified_channels: a database at the previous release, holding
 * rows of the old shape (alert channels as typed, outbox rows without a workspace), is migrated,
 * and every row gets the platform the previous release would have used and the workspace known.
 */
describe('migration qualified_channels', () => {
  let database: Awaited<ReturnType<typeof migratedFrom>>;
  let sql: SqlConnection;

  beforeAll(async () => {
    database = await migratedFrom(
      MIGRATION,
      `
      INSERT INTO "User" (id, "displayName") VALUES ('u-alice', 'alice'), ('u-dan', 'dan');
      INSERT INTO "Identity" (id, "userId", platform, "workspaceId", "platformUserId", "displayName") VALUES
        ('i-1', 'u-alice', 'slack', 'T00FAKEWORK', 'U00ALICE', 'alice'),
        ('i-2', 'u-dan', 'discord', '', '200000000000000001', 'dan');
      INSERT INTO "Team" (id, name, "alertChannel") VALUES
        ('t-slack', 'Slack mention', '<#C00OPS|ops>'),
        ('t-slack-bare', 'Slack id', 'G00PRIVATE'),
        ('t-discord', 'Discord mention', '<#100000000000000777>'),
        ('t-none', 'No channel', NULL),
        ('t-junk', 'Never posted to', '#ops');
      INSERT INTO "Role" (id, "teamId", key, name, "nameFolded", permissions) VALUES
        ('r-1', 't-slack', 'owner', 'Owner', 'owner', '{}');
      INSERT INTO "Membership" (id, "teamId", "userId", "roleId") VALUES ('m-1', 't-slack', 'u-alice', 'r-1');
      INSERT INTO "OutboxMessage" (id, key, "teamId", platform, recipient, "toChannel", payload) VALUES
        ('o-dm-slack', 'k1', 't-slack', 'slack', 'U00ALICE', false, '{}'),
        ('o-dm-discord', 'k2', 't-discord', 'discord', '200000000000000001', false, '{}'),
        ('o-ch-slack', 'k3', 't-slack', 'slack', 'C00OPS', true, '{}'),
        ('o-ch-discord', 'k4', 't-discord', 'discord', '100000000000000777', true, '{}');
    `,
    );
    sql = database.sql;
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it('keeps each alert channel as its id, with the platform of the old rule and the workspace known', async () => {
    const teams = await sql.query<Record<string, string | null>>(
      'SELECT id, "alertChannel", "alertChannelPlatform", "alertChannelWorkspace" FROM "Team" ORDER BY id',
    );
    expect(teams).toEqual([
      {
        id: 't-discord',
        alertChannel: '100000000000000777',
        alertChannelPlatform: 'discord',
        alertChannelWorkspace: '',
      },
      { id: 't-junk', alertChannel: null, alertChannelPlatform: null, alertChannelWorkspace: null },
      { id: 't-none', alertChannel: null, alertChannelPlatform: null, alertChannelWorkspace: null },
      { id: 't-slack', alertChannel: 'C00OPS', alertChannelPlatform: 'slack', alertChannelWorkspace: 'T00FAKEWORK' },
      // No member with a Slack identity: the workspace is unknown.
      { id: 't-slack-bare', alertChannel: 'G00PRIVATE', alertChannelPlatform: 'slack', alertChannelWorkspace: '' },
    ]);
  });

  it("gives outbox rows the workspace of the person's identity or of the team's channel", async () => {
    const rows = await sql.query<Record<string, string>>(
      'SELECT id, platform, "workspaceId" FROM "OutboxMessage" ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 'o-ch-discord', platform: 'discord', workspaceId: '' },
      { id: 'o-ch-slack', platform: 'slack', workspaceId: 'T00FAKEWORK' },
      { id: 'o-dm-discord', platform: 'discord', workspaceId: '' },
      { id: 'o-dm-slack', platform: 'slack', workspaceId: 'T00FAKEWORK' },
    ]);
  });
});
