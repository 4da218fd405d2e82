import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { SlackConfig } from '../../adapters/slack/settings.ts';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.ts';
import { silentLogger } from '../../src/logger.ts';
import { notifiersByPlatform } from '../../src/ports/platform-notifiers.ts';
import { asForm, blockActionPayload, type Person, slashCommand, USERS } from '../fixtures/slack-payloads.ts';
import { FakeSlack, postSigned, SIGNING_SECRET } from './fake-slack.ts';
import { useHarness } from './harness.ts';
import { serveRoutes } from './serve-routes.ts';

type Element = { action_id: string; value: string; text: { text: string } | string; style?: string; confirm?: unknown };
export type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: Element[];
};

/** All text of a Block Kit message, for assertions. */
export function blockText(blocks: Block[]): string {
  return blocks
    .flatMap((b) => [
      b.text?.text,
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => (typeof e.text === 'object' ? `[${e.text.text}]` : e.text)),
    ])
    .filter(Boolean)
    .join('\n');
}

export function buttonIn(blocks: Block[], label: string) {
  const found = blocks
    .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
    .find((e) => typeof e.text === 'object' && e.text.text === label);
  if (!found) throw new Error(`no button ${label} in ${blockText(blocks)}`);
  return found;
}

/**
 * The real Bolt app in HTTP mode (on Tally's HTTP application) or Socket Mode, wired to a test database and to a fake Slack on 127.0.0.1.
 * `command('alice', '/team', 'create Acme')` sends a signed slash command and waits for the answer.
 */
export function useSlack(mode: 'http' | 'socket' = 'http') {
  const h = useHarness();
  const fake = new FakeSlack();
  let adapter: SlackAdapter;
  let server: Awaited<ReturnType<typeof serveRoutes>> | undefined;
  let port = 0;
  let responses = 0;
  beforeAll(async () => {
    await fake.start();
    const config: SlackConfig =
      mode === 'http'
        ? { mode: 'http', botToken: 'xoxb-fake-token', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl }
        : { mode: 'socket', botToken: 'xoxb-fake-token', appToken: 'xapp-fake-token', apiUrl: fake.apiUrl };
    adapter = createSlackAdapter(config, { log: silentLogger, deliveryTimeoutMs: 1000 });
    // As the composition root does: the adapter's notifier under its platform, and no other.
    h.deps.notifier = notifiersByPlatform([[adapter.platform, adapter.notifier]]);
    await adapter.start(h.deps);
    if (mode === 'http') {
      server = await serveRoutes(adapter.routes);
      port = server.port;
    }
    for (const [who, user] of Object.entries(USERS)) fake.names.set(user.id, who);
  });
  beforeEach(() => {
    fake.calls.length = 0;
    fake.responses.length = 0;
    fake.overrides.clear();
    fake.sharedFiles.length = 0;
  });
  afterAll(async () => {
    await server?.close();
    await adapter?.stop();
    await fake.stop();
  });
  const s = {
    h,
    fake,
    get port() {
      return port;
    },
    /** Sends a slash command (signed HTTP, or a Socket Mode envelope) and returns the response_url body. */
    async command(who: Person, command: string, text: string, options: { trigger?: string } = {}) {
      const id = `r${++responses}`;
      const body = slashCommand(who, command, text, fake.responseUrl(id), options.trigger);
      if (mode === 'http') {
        const answer = await postSigned(port, body);
        if (answer.status !== 200) throw new Error(`Bolt answered ${answer.status}: ${answer.text}`);
      } else {
        await fake.envelope('slash_commands', Object.fromEntries(new URLSearchParams(body)));
      }
      return fake.waitFor(
        () =>
          fake.responses.find((r) => r.id === id)?.body as
            | { response_type: string; text: string; blocks: Block[] }
            | undefined,
        `answer to ${command} ${text}`,
      );
    },
    /** Presses a button of a message Tally sent, as `who`, and returns the answer posted to its response_url. */
    async press(who: Person, blocks: Block[], label: string, options: { messageTs?: string } = {}) {
      const button = buttonIn(blocks, label);
      const id = `r${++responses}`;
      const payload = blockActionPayload(
        who,
        { action_id: button.action_id, value: button.value },
        fake.responseUrl(id),
        options,
      );
      if (mode === 'http') await postSigned(port, asForm(payload));
      else await fake.envelope('interactive', payload);
      return id;
    },
    /** `owner` makes an invite link of their active team and `person` joins with its code. */
    async joinByInvite(owner: Person, person: Person) {
      const invite = await s.command(owner, '/team', 'invite');
      const code = /TALLY(-[0-9A-Z]{4}){4}/.exec(blockText(invite.blocks))?.[0];
      if (!code) throw new Error(`no invite code in: ${blockText(invite.blocks)}`);
      return s.command(person, '/team', `join ${code}`);
    },
    answerTo(id: string) {
      return fake.waitFor(
        () =>
          fake.responses.find((r) => r.id === id)?.body as
            | { response_type: string; text: string; blocks: Block[] }
            | undefined,
        `answer ${id}`,
      );
    },
  };
  return s;
}
