import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.ts';
import { PROVISION_GRACE_MS } from '../../src/resources/watch-launches.ts';
import { onTestDatabase, withDatabase } from '../support/bot-database.ts';
import { FAKE_SESTERCE_KEY, FakeSesterce } from '../support/fake-sesterce.ts';
import { type SpawnedBot, spawnBot } from '../support/spawn-bot.ts';
import { waitFor } from '../support/wait-for.ts';

const INSTANCES = '/gpu-cloud/instances';
/** H100x1 as sold with TALLY_PRICE_MARKUP_PERCENT=10: the cheaper of two clouds' offers, 2.49 USD/h, plus 10 %. */
const H100 = 274;
const CLOCK_AHEAD = new URL('../support/clock-ahead.mjs', import.meta.url).pathname;

/**
 * What `npm start` runs (compiled into dist/ when stale, then plain node), in console script mode:
 * lines typed into stdin, replies and DMs on stdout. `aheadMs` runs the bot's clock ahead (clock-ahead.mjs).
 */
function startBot(env: Record<string, string>, fake: FakeSesterce, aheadMs = 0): SpawnedBot {
  return spawnBot(
    process.execPath,
    [...(aheadMs ? ['--import', CLOCK_AHEAD] : []), 'scripts/start.mjs', 'bin/tally.ts'],
    {
      ...env,
      TALLY_COMPUTE: 'sesterce',
      SESTERCE_API_KEY: FAKE_SESTERCE_KEY,
      SESTERCE_API_URL: fake.url,
      TALLY_PRICE_MARKUP_PERCENT: '10',
      TALLY_OPERATORS: 'console:olga',
      TALLY_CONSOLE_USER: 'alice',
      TALLY_TEST_CLOCK_AHEAD_MS: String(aheadMs),
      LOG_LEVEL: 'warn',
    },
    'pipe',
  );
}

/** Types `line` and waits until the output (from `from` on) shows `expected`. */
async function type(bot: SpawnedBot, line: string, expected: string | RegExp, timeoutMs = 60_000) {
  const from = bot.output().length;
  bot.child.stdin!.write(`${line}\n`);
  const seen = () => {
    const text = bot.output().slice(from);
    return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
  };
  await waitFor(
    () => seen() || bot.child.exitCode !== null,
    `"${expected}" after ${line} (output: ${bot.output()})`,
    timeoutMs,
  );
  if (!seen()) throw new Error(`the bot exited before answering ${line}: ${bot.output()}`);
  return bot.output().slice(from);
}

/** A team with 50.00 credits granted by the console operator, and the catalog read (so the next launch reserves at once). */
async function acme(bot: SpawnedBot): Promise<string> {
  const created = await type(bot, '/team create Acme', /Created Acme \(([^)]+)\)/);
  const teamId = /Created Acme \(([^)\s]+)\)/.exec(created)![1]!;
  await type(bot, `olga: /credits grant 50 start team:${teamId}`, 'Granted');
  await type(bot, '/launch catalog', 'instance h100x1: 1x H100 80 GB, 26 vCPU, 225 GB RAM, 2.74/h');
  return teamId;
}

/** Past the launch watch's grace: a reservation made by the bot before is old enough to settle. */
const LATER = PROVISION_GRACE_MS + MINUTE;

/**
 * Both cases on one bot's database, each restart a later one (its clock further ahead), so three
 * starts serve them instead of four: killed before the create reached the cloud (the restart
 * refunds), then killed while the cloud was making the machine (the restart finds and settles it).
 */
describe('npm start on Sesterce (console): kill -9 while the cloud is asked for a machine, then restart', () => {
  const running: ChildProcess[] = [];
  afterEach(() => {
    for (const child of running.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('killed before the create reached the cloud, the restart refunds once; killed while the cloud made the machine, the next restart finds it by name and settles it once', async () => {
    const fake = await FakeSesterce.start();
    try {
      await onTestDatabase('sesterce', async (env, target) => {
        let bot = startBot(env, fake);
        running.push(bot.child);
        const teamId = await acme(bot);

        // 1. Killed before the create reached the cloud. The cloud holds every listing from now on:
        // the launch's lookup by name, the first thing it asks after committing the reservation, gets
        // no answer, so the create is never sent.
        const listings = fake.hold({ method: 'GET', path: INSTANCES });
        const listed = fake.requestsTo('GET', INSTANCES).length; // reconciliation lists them too, at :55 every 5 minutes
        bot.child.stdin!.write('/launch instance h100x1 train-1\n');
        await waitFor(() => fake.requestsTo('GET', INSTANCES).length > listed, 'the lookup at the cloud', 60_000);
        await new Promise((done) => setTimeout(done, 500));
        bot.child.kill('SIGKILL');
        expect(await bot.exit).toEqual({ code: null, signal: 'SIGKILL' });
        listings.release();
        const refused = await withDatabase(target, (db) => db.resource.findMany());
        expect(refused).toMatchObject([{ name: 'train-1', status: 'provisioning' }]);

        let restartedAt = Date.now();
        bot = startBot(env, fake, LATER);
        running.push(bot.child);
        await waitFor(
          () => /DM to alice[\s\S]*Launch failed/.test(bot.output()) || bot.child.exitCode !== null,
          `the Launch failed DM (output: ${bot.output()})`,
          90_000,
        );
        console.log(`restarted bot refunded the launch and told alice ${Date.now() - restartedAt} ms after its start`);
        expect(bot.output()).toContain('instance train-1 in Acme could not be started: the cloud has no such machine.');
        expect(bot.output()).toContain('The 2.74 credits charged for its first hour are back.');
        // The name is free again: the same launch now goes through (the cloud answers at once).
        await type(bot, '/launch instance h100x1 train-1', 'Launching instance train-1 in Acme.');
        expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(1);
        const [relaunchedId] = [...fake.instances.keys()];

        // 2. Killed while the cloud makes the machine: the create reaches the cloud, which holds its
        // answer; the bot is killed while it waits for it.
        const create = fake.hold({ method: 'POST', path: INSTANCES }, 1);
        const launchedAt = Date.now();
        bot.child.stdin!.write('/launch instance H100x1 train-2\n');
        await waitFor(() => fake.requestsTo('POST', INSTANCES).length === 2, 'the create at the cloud', 60_000);
        const postedAfter = Date.now() - launchedAt;
        bot.child.kill('SIGKILL');
        expect(await bot.exit).toEqual({ code: null, signal: 'SIGKILL' });
        expect(bot.output().match(/Launch failed/g)).toHaveLength(1);
        expect(bot.output()).not.toContain('Launching instance train-2'); // never answered
        expect(fake.instances.size).toBe(1); // train-2's not made yet: the cloud had not carried the create out

        const reserved = await withDatabase(target, async (db) => ({
          resources: await db.resource.findMany({ orderBy: { startedAt: 'asc' } }),
          team: await db.team.findUniqueOrThrow({ where: { id: teamId } }),
          entries: await db.ledgerEntry.findMany({ where: { teamId }, orderBy: { createdAt: 'asc' } }),
        }));
        expect(reserved.resources).toMatchObject([
          { id: refused[0]!.id, status: 'failed', liveName: null },
          { name: 'train-1', status: 'pending', providerId: relaunchedId },
          { name: 'train-2', status: 'provisioning', providerId: null },
        ]);
        // The refund, once: the first train-1's charge back, the second train-1's and train-2's reservations charged.
        expect(reserved.entries.map((e) => [e.kind, e.amountCents])).toEqual([
          ['promotion', 5000],
          ['charge', -H100],
          ['refund', H100],
          ['charge', -H100],
          ['charge', -H100],
        ]);
        expect(reserved.team.balanceCents).toBe(5000 - 2 * H100);
        const resourceId = reserved.resources[2]!.id;
        expect(fake.requestsTo('POST', INSTANCES)[1]!.body).toMatchObject({ name: `tally-${resourceId}` });

        // The create the dead bot sent is carried out by the cloud all the same, after the bot died.
        create.release();
        const machineId = await waitFor(
          () => fake.instances.size === 2 && [...fake.instances.keys()].find((id) => id !== relaunchedId),
          'the machine',
          20_000,
        );
        fake.activate(machineId);
        console.log(`create sent ${postedAfter} ms after the launch line; bot killed; machine made at the cloud`);

        // Restarted later again (its clock further ahead): train-2's reservation is past the grace too.
        restartedAt = Date.now();
        bot = startBot(env, fake, 2 * LATER);
        running.push(bot.child);
        await waitFor(
          () => /DM to alice[\s\S]*Ready/.test(bot.output()) || bot.child.exitCode !== null,
          `the Ready DM (output: ${bot.output()})`,
          90_000,
        );
        const output = bot.output();
        console.log(`restarted bot settled the launch and told alice ${Date.now() - restartedAt} ms after its start`);
        expect(output).toContain('instance train-2 in Acme is running.');
        expect(output).toContain(`ssh ubuntu@${fake.instances.get(machineId)!.ip}`);
        await type(bot, '/resources', 'train-2');
        bot.child.stdin!.end();
        expect(await bot.exit, bot.output()).toEqual({ code: 0, signal: null });
        expect(bot.output().match(/Ready/g)).toHaveLength(1);
        expect(bot.output()).not.toContain('Launch failed');

        expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(2);
        expect(fake.instances.size).toBe(2);
        const after = await withDatabase(target, async (db) => ({
          resources: await db.resource.findMany({ orderBy: { startedAt: 'asc' } }),
          team: await db.team.findUniqueOrThrow({ where: { id: teamId } }),
          entries: await db.ledgerEntry.findMany({ where: { teamId }, orderBy: { createdAt: 'asc' } }),
        }));
        expect(after.resources).toMatchObject([
          { id: refused[0]!.id, status: 'failed', liveName: null },
          { name: 'train-1', status: 'pending', providerId: relaunchedId },
          { id: resourceId, status: 'running', providerId: machineId },
        ]);
        // Settled once: no second charge for train-2, no refund.
        expect(after.entries.map((e) => [e.kind, e.amountCents])).toEqual(
          reserved.entries.map((e) => [e.kind, e.amountCents]),
        );
        expect(after.entries.reduce((sum, e) => sum + e.amountCents, 0)).toBe(after.team.balanceCents);
        expect(after.team.balanceCents).toBe(5000 - 2 * H100);
      });
    } finally {
      await fake.stop();
    }
  }, 360_000);
});
