import { afterAll, beforeAll, beforeEach } from 'vitest';
import { consoleMention } from '../../adapters/console/console-session.ts';
import { plain } from '../../adapters/console/render-text.ts';
import { manualClock } from '../../src/clock.ts';
import type { RawArgs } from '../../src/commands/options.ts';
import type { Database } from '../../src/db/open-database.ts';
import type { Deps } from '../../src/deps.ts';
import { dispatch, dispatchLine } from '../../src/dispatch.ts';
import { silentLogger } from '../../src/logger.ts';
import { simulatedCompute } from '../../src/ports/compute.ts';
import type { IdentityRef } from '../../src/ports/notifier.ts';
import { manualPayments } from '../../src/ports/payments.ts';
import type { Button, Reply } from '../../src/reply.ts';
import { loadCatalog } from '../../src/resources/catalog.ts';
import { openTestDatabase, resetDatabase } from './test-database.ts';

export const START = '2026-11-25T09:00:00.000Z';

export interface Sent {
  to: string;
  message: Reply;
}

function identity(name: string) {
  return { platform: 'console', workspaceId: 'local', platformUserId: name, displayName: name };
}

/** Every button of a reply, items' first, as the adapters number them. */
export function buttonsOf(message: Reply): Button[] {
  return [...(message.items ?? []).flatMap((item) => item.buttons ?? []), ...(message.buttons ?? [])];
}

export function findButton(message: Reply, label: string): Button {
  const found = buttonsOf(message).find((b) => b.label === label);
  if (!found) throw new Error(`no button "${label}" in: ${buttonsOf(message).map((b) => b.label).join(', ') || 'none'}`);
  return found;
}

/** All text a person would read in a reply, markup removed, for assertions. */
export function textOf(message: Reply): string {
  return plain([message.title, message.text, ...(message.fields ?? []).map((f) => `${f.label}: ${f.value}`), ...(message.items ?? []).flatMap((i) => [i.text, ...(i.fields ?? []).map((f) => `${f.label}: ${f.value}`)])]
    .filter(Boolean)
    .join('\n'));
}

/**
 * One database per test file, emptied before each test; a fixed clock; DMs captured.
 * `run('alice', '/team create Acme')` types a line as a console person.
 */
export function useHarness(options: { poolSize?: number } = {}) {
  const clock = manualClock(START);
  const sent: Sent[] = [];
  let database: Database;
  let counter = 0;
  const h = {
    clock,
    sent,
    get db() {
      return database.prisma;
    },
    get database() {
      return database;
    },
    deps: undefined as unknown as Deps,
    key: () => `test:${++counter}`,
    run(user: string, line: string, key?: string): Promise<Reply> {
      return dispatchLine(h.deps, { identity: identity(user), line, resolveMention: consoleMention, idempotencyKey: key ?? h.key(), origin: { platform: 'console' } });
    },
    invoke(user: string, path: string, args: RawArgs, key?: string): Promise<Reply> {
      return dispatch(h.deps, { identity: identity(user), path, args, idempotencyKey: key ?? h.key(), origin: { platform: 'console' } });
    },
    press(user: string, message: Reply, label: string, extra: RawArgs = {}): Promise<Reply> {
      const b = findButton(message, label);
      return h.invoke(user, b.command, { ...b.args, ...extra });
    },
    async userId(name: string): Promise<string> {
      const found = await database.prisma.identity.findUniqueOrThrow({ where: { platform_workspaceId_platformUserId: { platform: 'console', workspaceId: 'local', platformUserId: name } } });
      return found.userId;
    },
    async teamNamed(name: string) {
      return database.prisma.team.findFirstOrThrow({ where: { name, deletedAt: null } });
    },
  };
  beforeAll(async () => {
    database = await openTestDatabase(options);
    h.deps = {
      db: database.prisma,
      clock,
      log: silentLogger,
      catalog: loadCatalog(),
      payments: manualPayments,
      compute: simulatedCompute(),
      notifier: {
        async sendDirect(to: IdentityRef, message: Reply) {
          sent.push({ to: to.platformUserId, message });
        },
        async sendToChannel(_platform: string, channelId: string, message: Reply) {
          sent.push({ to: `#${channelId}`, message });
        },
      },
      publicUrl: 'https://tally.example',
    };
  });
  beforeEach(async () => {
    await resetDatabase(database);
    clock.set(START);
    sent.length = 0;
  });
  afterAll(async () => {
    await database?.close();
  });
  return h;
}

export type Harness = ReturnType<typeof useHarness>;

/** Creates team `name` owned by `owner`, and `members` joined with the given roles. */
export async function teamWith(h: Harness, owner: string, name: string, members: Record<string, string> = {}) {
  await h.run(owner, `/team create ${name}`);
  for (const [person, role] of Object.entries(members)) {
    const invite = await h.run(owner, `/team invite role:${role} team:${name}`);
    const code = invite.fields?.find((f) => f.label === 'Code')?.value;
    if (!code) throw new Error(`no invite code: ${textOf(invite)}`);
    const joined = await h.run(person, `/team join ${code}`);
    if (joined.tone !== 'success') throw new Error(textOf(joined));
  }
  return h.teamNamed(name);
}
