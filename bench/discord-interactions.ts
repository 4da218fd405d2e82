// Slash-command interactions through the gateway path: interactions per second and p50/p99 time
// to the first callback (Discord's 3-second window) and to the final answer, for Tally beside a bare
// discord.js client that only replies, in the same run, on PGlite and on PostgreSQL.
// Run: npx tsx bench/discord-interactions.ts  (BENCH_N interactions per case).
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createDiscordAdapter } from '../adapters/discord/discord-app.ts';
import { findCommand } from '../src/commands/index.ts';
import { type Database, openDatabase } from '../src/db/open-database.ts';
import { dispatch } from '../src/dispatch.ts';
import { silentLogger } from '../src/logger.ts';
import { commandInteraction } from '../test/fixtures/discord-payloads.ts';
import { APP_ID, FakeDiscord } from '../test/support/fake-discord.ts';
import { benchDeps } from './bench-deps.ts';
import { percentile, runConcurrently } from './load.ts';
import { withScratchFolder, withScratchPostgres } from './scratch-databases.ts';

const N = Number(process.env.BENCH_N ?? 240);
const TOKEN = 'fake.discord.bot.token.0123456789';

interface Result {
  firstP50: number;
  firstP99: number;
  finalP50: number;
  finalP99: number;
  perSecond: number;
}

/** Keeps `concurrency` interactions in flight; one is done when its final answer arrives. */
async function load(fake: FakeDiscord, concurrency: number, deferred: boolean, tag: string): Promise<Result> {
  const firsts: number[] = [];
  const finals: number[] = [];
  const byId = new Map<string, { started: number; done: () => void }>();
  const idOfToken = new Map<string, string>();
  const finish = (id: string | undefined) => {
    const entry = id === undefined ? undefined : byId.get(id);
    if (!entry) return;
    finals.push(performance.now() - entry.started);
    byId.delete(id!);
    entry.done();
  };
  fake.onRequest = (request) => {
    const callback = /^\/interactions\/(\d+)\//.exec(request.path);
    if (callback) {
      const entry = byId.get(callback[1]!);
      if (entry) firsts.push(performance.now() - entry.started);
      if (!deferred) finish(callback[1]);
      return;
    }
    const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/(?:@|%40)original$/.exec(request.path);
    if (edit && request.method === 'PATCH') finish(idOfToken.get(edit[1]!));
  };
  const perSecond = await runConcurrently(N, concurrency, async (i) => {
    const payload =
      i % 2 === 0
        ? commandInteraction('alice', 'credits', ['balance'])
        : commandInteraction('alice', 'launch', ['volume'], { size: 10, name: `${tag}-${i}` });
    await new Promise<void>((done) => {
      byId.set(payload.id, { started: performance.now(), done });
      idOfToken.set(payload.token, payload.id);
      fake.interact(payload);
    });
  });
  return {
    firstP50: percentile(firsts, 50),
    firstP99: percentile(firsts, 99),
    finalP50: percentile(finals, 50),
    finalP99: percentile(finals, 99),
    perSecond,
  };
}

function print(backend: string, who: string, concurrency: number, r: Result) {
  const f = (n: number) => (Number.isNaN(n) ? '        —' : n.toFixed(1).padStart(9));
  console.log(
    `${backend.padEnd(10)} ${who.padEnd(12)} ${String(concurrency).padStart(4)} ${f(r.firstP50)} ${f(r.firstP99)} ${f(r.finalP50)} ${f(r.finalP99)} ${f(r.perSecond)}`,
  );
}

async function bare(concurrency: number) {
  const fake = await new FakeDiscord().start();
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok' });
  });
  const ready = new Promise((done) => client.once(Events.ClientReady, done));
  await client.login(TOKEN);
  await ready;
  const result = await load(fake, concurrency, false, 'bare');
  await client.destroy();
  await fake.stop();
  return result;
}

async function tally(database: Database, concurrency: number, workers: number, tag: string) {
  const fake = await new FakeDiscord().start();
  const deps = benchDeps(database);
  const adapter = createDiscordAdapter(
    { token: TOKEN, applicationId: APP_ID, publicKey: undefined, apiUrl: fake.apiUrl, guildId: undefined },
    { log: silentLogger, concurrency: workers },
  );
  await adapter.start(deps);
  const result = await load(fake, concurrency, true, `${tag}${concurrency}`);
  await adapter.stop();
  await fake.stop();
  return result;
}

async function seed(database: Database) {
  const deps = benchDeps(database);
  const identity = { platform: 'discord', workspaceId: '', platformUserId: '300000000000000001', displayName: 'alice' };
  const run = (path: string, args: Record<string, string>, idempotencyKey: string) =>
    dispatch(deps, { identity, command: findCommand(path)!, args, idempotencyKey, origin: { platform: 'discord' } });
  await run('team create', { name: 'Bench' }, 'seed-1');
  await run('credits add', { amount: '1000000' }, 'seed-2');
}

async function main() {
  console.log(
    `${N} interactions per case (half /credits balance, half /launch volume); times in ms\n${'backend'.padEnd(10)} ${'app'.padEnd(12)} conc  1st p50   1st p99 final p50 final p99     int/s`,
  );
  for (const concurrency of [1, 16, 64]) print('—', 'bare client', concurrency, await bare(concurrency));
  await withScratchFolder(async (folder) => {
    const lite = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger });
    await seed(lite);
    for (const concurrency of [1, 16, 64])
      print('PGlite', 'Tally', concurrency, await tally(lite, concurrency, 2, 'l'));
    await lite.close();
  });
  await withScratchPostgres('tally_bench_discord', async (url) => {
    const postgres = await openDatabase({ kind: 'postgres', url, poolSize: 16 }, { log: silentLogger });
    await seed(postgres);
    for (const concurrency of [1, 16, 64])
      print('PostgreSQL', 'Tally', concurrency, await tally(postgres, concurrency, 16, 'p'));
    await postgres.close();
  });
}

await main();
