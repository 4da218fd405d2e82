import { afterAll, beforeAll, beforeEach } from 'vitest';
import { consoleMention } from '../../adapters/console/console-session.ts';
import { plain } from '../../adapters/console/render-text.ts';
import { slackChannel } from '../../adapters/slack/slack-channels.ts';
import { manualClock } from '../../src/clock.ts';
import { findCommand } from '../../src/commands/index.ts';
import type { RawArgs } from '../../src/commands/options.ts';
import type { Database } from '../../src/db/open-database.ts';
import type { Deps } from '../../src/deps.ts';
import { dispatch, dispatchLine, unknownCommand } from '../../src/dispatch.ts';
import { silentLogger } from '../../src/logger.ts';
import { everybody, operatorList } from '../../src/operators/operators.ts';
import { simulatedCompute } from '../../src/ports/compute.ts';
import { noMetrics } from '../../src/ports/metrics.ts';
import type { ChannelRef, IdentityRef } from '../../src/ports/notifier.ts';
import { manualPayments } from '../../src/ports/payments.ts';
import type { Button, Field, Item, Reply } from '../../src/reply.ts';
import { fixedCatalog, loadCatalog } from '../../src/resources/catalog.ts';
import { sourceText, type Text } from '../../src/rich-text.ts';
import { openTestDatabase, resetDatabase, type TestDatabaseOptions } from './test-database.ts';

export const START = '2026-11-25T09:00:00.000Z';
/** The Slack workspace of the channels `run` lines name. */
export const HARNESS_SLACK_WORKSPACE = 'T00FAKEWORK';

export interface Sent {
  to: string;
  message: Shown;
}

/** A reply as tests read it: every text as written, markup characters and people's values alike. */
export type Shown = Omit<Reply, 'text' | 'fields' | 'items'> & {
  text: string;
  fields?: { label: string; value: string }[];
  items?: (Omit<Item, 'text' | 'fields'> & { text: string; fields?: { label: string; value: string }[] })[];
};

const shownFields = (fields: Field[] | undefined) =>
  fields?.map((f) => ({ label: f.label, value: sourceText(f.value) }));

export function shown(reply: Reply): Shown {
  const { text, fields, items, ...rest } = reply;
  return {
    ...rest,
    text: sourceText(text),
    ...(fields && { fields: shownFields(fields) }),
    ...(items && {
      items: items.map(({ text: itemText, fields: itemFields, ...item }) => ({
        ...item,
        text: sourceText(itemText),
        ...(itemFields && { fields: shownFields(itemFields) }),
      })),
    }),
  };
}

type WithButtons = Pick<Reply, 'buttons'> & { items?: Pick<Item, 'buttons'>[] };

function identity(name: string) {
  return { platform: 'console', workspaceId: 'local', platformUserId: name, displayName: name };
}

/** Every button of a reply, items' first, as the adapters number them. */
export function buttonsOf(message: WithButtons): Button[] {
  return [...(message.items ?? []).flatMap((item) => item.buttons ?? []), ...(message.buttons ?? [])];
}

export function findButton(message: WithButtons, label: string): Button {
  const found = buttonsOf(message).find((b) => b.label === label);
  if (!found)
    throw new Error(
      `no button "${label}" in: ${
        buttonsOf(message)
          .map((b) => b.label)
          .join(', ') || 'none'
      }`,
    );
  return found;
}

/** All text a person would read in a reply, as the console shows it (markup removed), for assertions. */
export function textOf(message: Reply | Shown): string {
  // Shown texts are source strings: strip the markup the way the console did before text had parts.
  const text = (t: Text) =>
    typeof t === 'string' ? t.replace(/\*([^*\n]+)\*/g, '$1').replace(/`([^`\n]+)`/g, '$1') : plain(t);
  const fields = (list: { label: string; value: Text }[] | undefined) =>
    (list ?? []).map((f) => `${f.label}: ${text(f.value)}`);
  const items = (message.items ?? []) as { text: Text; fields?: { label: string; value: Text }[] }[];
  return [
    message.title,
    text(message.text),
    ...fields(message.fields),
    ...items.flatMap((i) => [text(i.text), ...fields(i.fields)]),
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * One database per test file, emptied before each test; a fixed clock; DMs captured.
 * `run('alice', '/team create Acme')` types a line as a console person. `operators` names the console
 * people who run this Tally; without it everybody does (manual top-ups post at once, as before operators).
 */
export function useHarness(options: TestDatabaseOptions & { operators?: string[] } = {}) {
  const { operators, ...databaseOptions } = options;
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
    async run(user: string, line: string, key?: string): Promise<Shown> {
      return shown(
        await dispatchLine(h.deps, {
          identity: identity(user),
          line,
          resolveMention: consoleMention,
          // The console has no channels: alert channels are typed as Slack writes them.
          resolveChannel: slackChannel(HARNESS_SLACK_WORKSPACE),
          idempotencyKey: key ?? h.key(),
          origin: { platform: 'console' },
        }),
      );
    },
    async invoke(user: string, path: string, args: RawArgs, key?: string): Promise<Shown> {
      const command = findCommand(path);
      if (!command) return shown(unknownCommand(path));
      return shown(
        await dispatch(h.deps, {
          identity: identity(user),
          command,
          args,
          idempotencyKey: key ?? h.key(),
          origin: { platform: 'console' },
        }),
      );
    },
    press(user: string, message: WithButtons, label: string, extra: RawArgs = {}): Promise<Shown> {
      const b = findButton(message, label);
      return h.invoke(user, b.command, { ...b.args, ...extra });
    },
    async userId(name: string): Promise<string> {
      const found = await database.prisma.identity.findUniqueOrThrow({
        where: {
          platform_workspaceId_platformUserId: { platform: 'console', workspaceId: 'local', platformUserId: name },
        },
      });
      return found.userId;
    },
    /** A console person as commands receive them. */
    async actor(name: string) {
      const { displayName: _, ...ref } = identity(name);
      return { userId: await h.userId(name), displayName: name, identity: ref };
    },
    async teamNamed(name: string) {
      return database.prisma.team.findFirstOrThrow({ where: { name, deletedAt: null } });
    },
  };
  beforeAll(async () => {
    database = await openTestDatabase(databaseOptions);
    h.deps = {
      db: database.prisma,
      clock,
      log: silentLogger,
      catalog: fixedCatalog(loadCatalog()),
      payments: manualPayments,
      compute: simulatedCompute(),
      notifier: {
        async sendDirect(to: IdentityRef, message: Reply) {
          sent.push({ to: to.platformUserId, message: shown(message) });
        },
        async sendToChannel(to: ChannelRef, message: Reply) {
          sent.push({ to: `#${to.channelId}`, message: shown(message) });
        },
      },
      metrics: noMetrics,
      publicUrl: 'https://tally.example',
      invoicing: { currency: 'USD', seller: null },
      operators: operators ? operatorList(operators.map((name) => identity(name))) : everybody,
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
