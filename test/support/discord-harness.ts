import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-app.ts';
import { silentLogger } from '../../src/logger.ts';
import { notifiersByPlatform } from '../../src/ports/platform-notifiers.ts';
import {
  buttonInteraction,
  commandInteraction,
  type DiscordPerson,
  modalSubmitInteraction,
  type OptionValue,
} from '../fixtures/discord-payloads.ts';
import { APP_ID, FakeDiscord, type Recorded } from './fake-discord.ts';
import { useHarness } from './harness.ts';
import { serveRoutes } from './serve-routes.ts';

export interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
}
export interface Row {
  type: number;
  components: { type: number; style: number; label: string; custom_id: string }[];
}
export interface Answer {
  /** The first callback: 4 reply, 5 deferred, 8 autocomplete, 9 modal. */
  callback: { type: number; data?: Record<string, unknown> };
  /** What finally shows: the reply, the edited deferral, or the follow-up. */
  message: { embeds: Embed[]; components: Row[]; flags?: number; content?: string };
  requests: Recorded[];
}

export function embedText(message: Answer['message']): string {
  return message.embeds
    .flatMap((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`)])
    .filter(Boolean)
    .join('\n');
}

export function buttonsOf(message: Answer['message']) {
  return message.components.flatMap((row) => row.components);
}

/** The real discord.js client against a fake Discord, on a test database. */
export function useDiscord(options: { publicKey?: string } = {}) {
  const h = useHarness();
  const fake = new FakeDiscord();
  let adapter: DiscordAdapter;
  const endpoint = { port: 0, close: async () => {} };
  beforeAll(async () => {
    await fake.start();
    adapter = createDiscordAdapter(
      {
        token: 'fake.discord.bot.token.0123456789',
        applicationId: APP_ID,
        publicKey: options.publicKey,
        apiUrl: fake.apiUrl,
        guildId: undefined,
      },
      { log: silentLogger, deliveryTimeoutMs: 1000 },
    );
    // As the composition root does: the adapter's notifier under its platform, and no other.
    h.deps.notifier = notifiersByPlatform([[adapter.platform, adapter.notifier]]);
    await adapter.start(h.deps);
    if (adapter.routes.length) Object.assign(endpoint, await serveRoutes(adapter.routes));
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.blocksDms.clear();
    fake.fault = undefined;
  });
  afterAll(async () => {
    await endpoint.close();
    await adapter?.stop();
    await fake.stop();
  });

  /** Sends an interaction and waits for its final answer. */
  async function send(
    payload: { id: string; token: string },
    settled: (requests: Recorded[]) => boolean = (r) =>
      r.some((x) => x.path.includes('/callback') && [4, 8, 9].includes((x.body as { type: number }).type)) ||
      r.some((x) => x.path.includes('/webhooks/') && x.method !== 'DELETE'),
  ): Promise<Answer> {
    fake.interact(payload);
    const requests = await fake.waitFor(() => {
      const about = fake.about(payload.id, payload.token);
      return settled(about) && about;
    }, `the answer to interaction ${payload.id}`);
    const callback = requests.find((r) => r.path.includes('/callback'))!.body as Answer['callback'];
    const final = [...requests].reverse().find((r) => r.path.includes('/webhooks/') && r.method !== 'DELETE');
    const message = (final?.body ?? callback.data ?? {}) as Partial<Answer['message']>;
    return { callback, message: { embeds: [], components: [], ...message }, requests };
  }

  return {
    h,
    fake,
    endpoint,
    command: (who: DiscordPerson, top: string, path: string[], values: Record<string, OptionValue> = {}) =>
      send(commandInteraction(who, top, path, values)),
    press: (who: DiscordPerson, customId: string) => send(buttonInteraction(who, customId)),
    submit: (who: DiscordPerson, customId: string, values: Record<string, string>) =>
      send(modalSubmitInteraction(who, customId, values)),
    send,
  };
}
