import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.ts';
import type { RawArgs } from '../../src/commands/options.ts';
import { BUILTIN_ROLES } from '../../src/roles/permissions.ts';
import { suggest } from '../../src/suggest.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';

/**
 * SPEC.md §2 written out by hand, command by command: what each team command needs.
 * null = any member. The code's own declarations are checked against this, not the other way.
 */
const SPEC_PERMISSION: Record<string, string | null> = {
  'team info': null,
  'team edit': 'settings.manage',
  'team delete': 'team.delete',
  'team invite': 'members.invite',
  'team invite post': 'members.invite',
  'team invite regenerate': 'members.invite',
  'team invite disable': 'members.invite',
  'team invite cancel': 'members.invite',
  'team members': null,
  'team role': 'members.manage',
  'team remove': 'members.manage',
  'team leave': null,
  'team transfer': 'team.transfer',
  'team roles': null,
  'team role-create': 'roles.manage',
  'team role-edit': 'roles.manage',
  'team role-delete': 'roles.manage',
  'team settings': 'settings.manage',
  'team apikey create': 'apikeys.manage',
  'team apikey list': 'apikeys.manage',
  'team apikey revoke': 'apikeys.manage',
  'team logs': 'logs.view',
  'credits balance': 'billing.view',
  'credits add': 'billing.manage',
  'credits history': 'billing.view',
  'credits invoices': 'billing.view',
  'credits invoice': 'billing.view',
  'credits statement': 'billing.view',
  'credits alert': 'billing.manage',
  // Issue 12: automatic top-up is a billing role's, like /credits add.
  'credits autopay': 'billing.manage',
  'credits autopay off': 'billing.manage',
  'credits autopay card': 'billing.manage',
  'credits notify': null,
  'launch instance': 'resources.launch',
  'launch inference': 'resources.launch',
  'launch volume': 'resources.launch',
  'resources list': 'resources.view',
  'resources stop': 'resources.manage',
  'resources sshkey add': 'resources.launch',
  'resources sshkey list': 'resources.view',
  'resources sshkey remove': 'resources.launch',
};

/** SPEC §2's yes/no table, per built-in role. */
const SPEC_TABLE: Record<string, string[]> = {
  owner: [
    'billing.view',
    'billing.manage',
    'settings.manage',
    'apikeys.manage',
    'logs.view',
    'members.invite',
    'members.manage',
    'roles.manage',
    'resources.launch',
    'resources.view',
    'resources.manage',
    'team.delete',
    'team.transfer',
  ],
  'co-owner': [
    'billing.view',
    'billing.manage',
    'members.invite',
    'resources.launch',
    'resources.view',
    'resources.manage',
  ],
  member: ['resources.launch', 'resources.view', 'resources.manage'],
};

/** Arguments that get each command past validation, so only the permission can stop it. */
const SAMPLE_ARGS: Record<string, RawArgs> = {
  'team edit': { description: 'new words' },
  'team invite cancel': { invitation: 'no-such-invitation' },
  'team role': { person: 'user:nobody', role: 'member' },
  'team remove': { person: 'user:nobody' },
  'team transfer': { person: 'user:nobody' },
  'team role-create': { name: 'Auditor', permissions: 'logs.view' },
  'team role-edit': { role: 'Auditor', permissions: 'logs.view' },
  'team role-delete': { role: 'Auditor' },
  'team apikey create': { name: 'ci' },
  'team apikey revoke': { name: 'ci' },
  'credits add': { amount: '5' },
  'credits invoice': { number: '1' },
  'credits alert': { threshold: '5' },
  'launch instance': { flavor: 'h100', name: 'gpu-1' },
  'launch inference': { model: 'llama-3.1-8b', name: 'chat-1' },
  'launch volume': { size: '100', name: 'vol-1' },
  'resources stop': { name: 'gpu-1' },
  'resources sshkey add': {
    name: 'laptop',
    key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoSDPnXWuCVd8aM8hCiv1eeq5DQpBvGb9r6CAxcqWXy bob@laptop',
  },
  'resources sshkey remove': { name: 'laptop' },
};

// `team leave` goes last: after it the person is no longer in the team to be asked anything.
const teamCommands = COMMANDS.filter((c) => c.scope === 'team').sort(
  (a, b) => Number(a.path === 'team leave') - Number(b.path === 'team leave'),
);

describe('permissions', () => {
  const h = useHarness();

  it('built-in roles hold exactly the permissions of SPEC §2', () => {
    for (const [key, expected] of Object.entries(SPEC_TABLE)) {
      expect([...BUILTIN_ROLES[key as keyof typeof BUILTIN_ROLES].permissions].sort()).toEqual([...expected].sort());
    }
  });

  it('every team command declares the permission SPEC §2 gives it', () => {
    expect(Object.keys(SPEC_PERMISSION).sort()).toEqual(teamCommands.map((c) => c.path).sort());
    for (const command of teamCommands)
      expect([command.path, command.permission]).toEqual([command.path, SPEC_PERMISSION[command.path]]);
  });

  for (const role of ['owner', 'co-owner', 'member'] as const) {
    it(`as ${role}, every team command is allowed or denied exactly as SPEC §2 says`, async () => {
      const person = role === 'owner' ? 'olive' : role === 'co-owner' ? 'cora' : 'mel';
      const members = { cora: 'co-owner', mel: 'member' };
      await teamWith(h, 'olive', 'Matrix', members);
      for (const command of teamCommands) {
        const needed = SPEC_PERMISSION[command.path];
        const answer = await h.invoke(person, command.path, { team: 'Matrix', ...(SAMPLE_ARGS[command.path] ?? {}) });
        const denied = answer.title === 'Not allowed';
        const allowed = needed === null || SPEC_TABLE[role]!.includes(needed as string);
        expect({ command: command.path, role, denied }).toEqual({ command: command.path, role, denied: !allowed });
        if (denied) {
          expect(answer.ephemeral).toBe(true);
          expect(textOf(answer)).toContain(`needs the ${needed} permission`);
          expect(textOf(answer)).toContain('olive (Owner)');
        } else {
          expect(answer.title ?? '').not.toBe('Check the command');
        }
      }
    });
  }

  it('a denied command changes nothing', async () => {
    const team = await teamWith(h, 'olive', 'Quiet', { mel: 'member' });
    const before = await h.db.auditEntry.count();
    const answer = await h.run('mel', '/credits add 100 team:Quiet');
    expect(answer.title).toBe('Not allowed');
    expect(await h.db.ledgerEntry.count()).toBe(0);
    expect((await h.db.team.findUniqueOrThrow({ where: { id: team.id } })).balanceCents).toBe(0);
    expect(await h.db.auditEntry.count()).toBe(before);
  });

  it('a custom role grants exactly its permissions, and never the Owner-only ones', async () => {
    await teamWith(h, 'olive', 'Custom', { mel: 'member' });
    expect((await h.run('olive', '/team role-create Accountant billing.view,logs.view team:Custom')).tone).toBe(
      'success',
    );
    expect(textOf(await h.run('olive', '/team role @mel accountant team:Custom'))).toContain('mel is now Accountant');
    expect((await h.run('mel', '/credits team:Custom')).title).toBe('Credits');
    expect((await h.run('mel', '/team logs team:Custom')).title).toBe('User log');
    expect((await h.run('mel', '/credits add 5 team:Custom')).title).toBe('Not allowed');
    expect((await h.run('mel', '/launch instance h100 x team:Custom')).title).toBe('Not allowed');
    const refused = await h.run('olive', '/team role-create Boss team.delete team:Custom');
    expect(refused.text).toContain('team.delete belongs to the Owner alone');
    expect(await h.db.role.count({ where: { name: 'Boss' } })).toBe(0);
  });

  it('autocomplete shows names only to those who may list them', async () => {
    await teamWith(h, 'alice', 'Acme', { mel: 'member' });
    await h.run('alice', '/team apikey create ci');
    const as = (name: string) => ({
      platform: 'console',
      workspaceId: 'local',
      platformUserId: name,
      displayName: name,
    });
    expect(await suggest(h.deps, as('alice'), 'apikey', '', 'Acme')).toEqual([{ name: 'ci', value: 'ci' }]);
    expect(await suggest(h.deps, as('mel'), 'apikey', '', 'Acme')).toEqual([]);
  });
});
