import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sesterceCloud } from '../../adapters/sesterce/sesterce-cloud.ts';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { reconcileMachines } from '../../src/resources/reconcile-machines.ts';
import { PENDING_LIMIT_MS, PROVISION_GRACE_MS, watchLaunches } from '../../src/resources/watch-launches.ts';
import { FAKE_SESTERCE_KEY, FakeSesterce } from '../support/fake-sesterce.ts';
import { CLOUD_A } from '../support/fake-sesterce-data.ts';
import { type Harness, teamWith, textOf, useHarness } from '../support/harness.ts';
import { deliver, ledgerSum } from '../support/ledger-sum.ts';
import { waitFor } from '../support/wait-for.ts';

const INSTANCES = '/gpu-cloud/instances';
const SSH_KEYS = '/gpu-cloud/ssh-keys';
const OS = 'ubuntu22.04_cuda12.2_shade_os';
/** H100x1 as sold: the dearer of its two offers (2.79 USD/h) with 10 % on top, rounded up. */
const H100 = 274; // 2.49 (the cheaper of two clouds) + 10 %
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoSDPnXWuCVd8aM8hCiv1eeq5DQpBvGb9r6CAxcqWXy bob@laptop';

const fake = await FakeSesterce.start();
afterAll(() => fake.stop());

const dmsTo = (h: Harness, to: string, title: string) =>
  h.sent.filter((s) => s.to === to && s.message.title === title).map((s) => textOf(s.message));
const creates = () => fake.requestsTo('POST', INSTANCES);
const machineOf = (resource: { providerId: string | null }) => fake.instances.get(resource.providerId!)!;

describe('launches on Sesterce Cloud, through the real HTTP client against the fake API', () => {
  const h = useHarness({ operators: ['olga'] });

  /** A fresh client (empty caches) on the fake; short timeouts and backoffs so failures take milliseconds. */
  function useSesterce(options: { apiKey?: string; timeoutMs?: number } = {}) {
    const cloud = sesterceCloud(
      { apiKey: options.apiKey ?? FAKE_SESTERCE_KEY, apiUrl: fake.url, markupPercent: 10 },
      silentLogger,
      {
        client: { timeoutMs: options.timeoutMs ?? 2000, retries: 2, backoffMs: 1 },
        compute: { createRetries: 2, createBackoffMs: 1 },
      },
    );
    h.deps.compute = cloud.compute;
    h.deps.catalog = cloud.catalog;
    return cloud;
  }

  beforeEach(() => {
    fake.reset();
    useSesterce();
  });

  async function acme() {
    const team = await teamWith(h, 'alice', 'Acme', { bob: 'co-owner' });
    await h.run('olga', `/credits grant 50 start team:${team.id}`);
    return team;
  }

  it('lists the live offers with the markup, and launches pending then running, with the team key registered once', async () => {
    const team = await acme();
    const catalog = textOf(await h.run('alice', '/launch catalog'));
    expect(catalog).toContain('instance h100x1: 1x H100 80 GB, 26 vCPU, 225 GB RAM, 2.74/h in eu-north-1, us-east-1');
    expect(catalog).toContain('instance l40sx1: 1x L40S 48 GB, 16 vCPU, 128 GB RAM, 1.09/h');
    expect(catalog).toContain('instance h200x1: 1x H200 141 GB, 32 vCPU, 256 GB RAM, 3.95/h'); // 3.59 not 3.60, +10 %
    expect(catalog).not.toContain('rtx4090'); // container-only
    expect(catalog).not.toContain('a100'); // available nowhere

    expect(textOf(await h.run('alice', `/resources sshkey add laptop ${KEY} team:Acme`))).toContain('Added SSH key');
    const answer = await h.run('alice', '/launch instance H100x1 train-1 laptop team:Acme');
    expect(textOf(answer)).toContain(
      "Launching instance train-1 in Acme. The cloud is starting it: you'll get a message with how to connect when it is up.",
    );
    const pending = await h.db.resource.findFirstOrThrow({ where: { name: 'train-1' } });
    expect(pending).toMatchObject({ status: 'pending', spec: 'h100x1', hourlyCents: H100, ipAddress: null });
    const key = await h.db.sshKey.findFirstOrThrow();
    const [registered] = [...fake.sshKeys.values()];
    expect(key.providerKeyId).toBe(`sesterce:${registered!._id}`);
    expect(creates().map((r) => r.body)).toEqual([
      {
        name: `tally-${pending.id}`,
        cloudProvider: CLOUD_A,
        instanceId: 'H100x1',
        region: 'eu-north-1',
        vm: { os: OS },
        sshKeyId: registered!._id,
        dockerContainer: null,
      },
    ]);
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100);

    // A second launch with the same key: known by its stored id, not registered again.
    await h.run('alice', '/launch instance h100x1 train-2 laptop team:Acme');
    expect(fake.requestsTo('POST', SSH_KEYS)).toHaveLength(1);
    expect(fake.requestsTo('GET', SSH_KEYS)).toHaveLength(1);
    expect(creates()[1]!.body).toMatchObject({ sshKeyId: registered!._id });
    expect(fake.sshKeys.size).toBe(1);

    h.clock.advance(3 * MINUTE);
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 2, changed: 0 });
    fake.activate(pending.providerId!);
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 2, changed: 1 });
    const running = await h.db.resource.findUniqueOrThrow({ where: { id: pending.id } });
    const ip = machineOf(pending).ip as string;
    expect(running).toMatchObject({ status: 'running', ipAddress: ip, sshUser: 'ubuntu', sshPort: 22 });
    expect(running.paidUntil.getTime()).toBe(h.clock.now().getTime() + HOUR);
    await deliver(h);
    const [ready] = dmsTo(h, 'alice', 'Ready');
    expect(ready).toContain('instance train-1 in Acme is running.');
    expect(ready).toContain(`Connect: ssh ubuntu@${ip}`);
    expect(ready).toContain('SSH key: laptop');
    expect(await ledgerSum(h, team.id)).toBe(5000 - 2 * H100);
  });

  it('never launches for less than it costs: a price risen since the catalog, or a dearer region, is refused', async () => {
    const team = await acme();
    await h.run('alice', '/launch catalog'); // 2.74 read and cached
    fake.instanceOffers[0]!.hourlyPrice = 5; // Finland's H100x1 rises; Virginia's stays 2.79
    const virginia = await h.run('alice', '/launch instance h100x1 v-1 region:us-east-1 team:Acme');
    expect(textOf(virginia)).toContain(
      'h100x1 in us-east-1 costs 3.07 per hour now, more than the 2.74 it was priced at',
    );
    const risen = await h.run('alice', '/launch instance h100x1 f-1 region:eu-north-1 team:Acme');
    expect(textOf(risen)).toContain(
      'h100x1 in eu-north-1 costs 5.50 per hour now, more than the 2.74 it was priced at',
    );
    expect(creates()).toHaveLength(0);
    expect(await ledgerSum(h, team.id)).toBe(5000);
  });

  it('a create that fails with 500 is tried again: one machine at the cloud, one charge', async () => {
    const team = await acme();
    fake.failNext(500, 1, { method: 'POST', path: INSTANCES });
    const answer = await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    expect(answer.tone).toBe('success');
    expect(creates()).toHaveLength(2);
    expect(fake.instances.size).toBe(1);
    const resource = await h.db.resource.findFirstOrThrow();
    expect(resource).toMatchObject({ status: 'pending', providerId: [...fake.instances.keys()][0] });
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id, kind: 'charge' } })).toBe(1);
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100);
  });

  it("a refusal (400) is refunded and the cloud's reason is told; the name can be used again", async () => {
    const team = await acme();
    fake.failNext(400, 1, { method: 'POST', path: INSTANCES, message: 'No capacity left for H100x1 in eu-north-1.' });
    const refused = await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    expect(refused.tone).toBe('error');
    expect(textOf(refused)).toContain(
      'The cloud refused to launch instance train-1: No capacity left for H100x1 in eu-north-1. Its first hour was refunded.',
    );
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({
      status: 'failed',
      liveName: null,
      statusReason: 'No capacity left for H100x1 in eu-north-1.',
    });
    expect(fake.instances.size).toBe(0);
    expect(await ledgerSum(h, team.id)).toBe(5000);
    const again = await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    expect(textOf(again)).toContain('Launching instance train-1 in Acme.');
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100);
  });

  it('a rejected API key (403) refuses launches politely and tells the operators once; nothing is charged', async () => {
    const team = await acme();
    await h.run('alice', '/launch catalog'); // the catalog was read before the key was revoked
    fake.failNext(403, 2, { method: 'POST', path: INSTANCES, message: 'API key invalid' });
    const first = await h.run('alice', '/launch instance h100x1 one team:Acme');
    const second = await h.run('bob', '/launch instance h100x1 two team:Acme');
    for (const refused of [first, second]) {
      expect(refused.tone).toBe('error');
      expect(textOf(refused)).toContain(
        "Launches are unavailable: the cloud refused Tally's credentials. The operators have been told.",
      );
    }
    expect(textOf(first)).toContain('The first hour of instance one was refunded.');
    expect(fake.instances.size).toBe(0);
    expect(await h.db.resource.findMany({ select: { status: true } })).toEqual([
      { status: 'failed' },
      { status: 'failed' },
    ]);
    expect(await ledgerSum(h, team.id)).toBe(5000);
    await deliver(h);
    const told = dmsTo(h, 'olga', 'Cloud API key rejected');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('The cloud (sesterce) rejected Tally\'s API key: "API key invalid".');
  });

  it('a wrong API key from the start tells the operators too', async () => {
    const team = await acme();
    useSesterce({ apiKey: 'sk-FAKE-revoked-0000000000' });
    const refused = await h.run('alice', '/launch instance h100x1 one team:Acme');
    expect(refused.tone).toBe('error');
    expect(textOf(refused)).toContain("Launches are unavailable: the cloud refused Tally's credentials.");
    expect(await ledgerSum(h, team.id)).toBe(5000);
    expect(await h.db.resource.count()).toBe(0);
    await deliver(h);
    expect(dmsTo(h, 'olga', 'Cloud API key rejected')).toHaveLength(1);
  });

  it('a lost answer leaves the reservation provisioning; after the grace the watch finds the machine by name', async () => {
    const team = await acme();
    useSesterce({ timeoutMs: 500 });
    fake.loseNextCreate = 'timeout';
    const launching = h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    // Made, never answered: while the create hangs, the lookups by name that follow it fail too.
    await waitFor(() => creates().length === 1, 'the create');
    fake.failNext(503, 3, { method: 'GET', path: INSTANCES });
    const answer = await launching;
    expect(textOf(answer)).toContain(
      "The cloud did not answer in time for instance train-1. Tally keeps checking: you'll get a message when it runs",
    );
    const reserved = await h.db.resource.findFirstOrThrow();
    expect(reserved).toMatchObject({ status: 'provisioning', providerId: null, liveName: 'train-1' });
    expect(fake.instances.size).toBe(1);
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100);

    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 0 }); // the call may still be under way
    h.clock.advance(PROVISION_GRACE_MS + 1000);
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 1, changed: 1 });
    const [providerId] = [...fake.instances.keys()];
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({ status: 'pending', providerId });
    fake.activate(providerId!);
    await watchLaunches(h.deps);
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({ status: 'running' });
    expect(creates()).toHaveLength(1);
    expect(fake.instances.size).toBe(1);
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id, kind: 'charge' } })).toBe(1);
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100);
    await deliver(h);
    expect(dmsTo(h, 'alice', 'Ready')[0]).toContain('instance train-1 in Acme is running.');
  });

  it('a create answered only after the watch gave the reservation up is given back: deleted at the cloud, refunded once', async () => {
    const team = await acme();
    useSesterce({ timeoutMs: 10_000 });
    await h.run('alice', '/launch catalog');
    // The launch's first call (its lookup by name) gets no answer until the watch below has run.
    const lookup = fake.hold({}, 1);
    const launching = h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    await waitFor(async () => (await h.db.resource.count({ where: { status: 'provisioning' } })) === 1, 'reserved');
    await waitFor(() => fake.requestsTo('GET', INSTANCES).length === 1, 'the lookup at the cloud');
    // Another process's watch, its clock past the grace, while the create has not reached the cloud yet.
    h.clock.advance(PROVISION_GRACE_MS + 1000);
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 1, changed: 1 });
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({ status: 'failed', liveName: null });
    expect(creates()).toHaveLength(0);
    lookup.release();
    const answer = await launching;
    expect(textOf(answer)).toContain(
      'The cloud took too long to launch instance train-1, so it was given back. Its first hour was refunded.',
    );
    const [machine] = [...fake.instances.values()];
    expect(machine).toMatchObject({ name: expect.stringMatching(/^tally-/), status: 'deleted' });
    expect(fake.requestsTo('DELETE', `${INSTANCES}/${machine!._id}`)).toHaveLength(1);
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id, kind: 'refund' } })).toBe(1);
    expect(await ledgerSum(h, team.id)).toBe(5000);
    await deliver(h);
    expect(dmsTo(h, 'alice', 'Launch failed')[0]).toContain('the cloud has no such machine.');
  }, 20_000);

  it('a machine still starting after 30 minutes is given back at the cloud and refunded', async () => {
    const team = await acme();
    await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    const pending = await h.db.resource.findFirstOrThrow();
    h.clock.advance(PENDING_LIMIT_MS + MINUTE);
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 1, changed: 1 });
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({ status: 'failed', liveName: null });
    expect(machineOf(pending).status).toBe('deleted');
    expect(await ledgerSum(h, team.id)).toBe(5000);
    await deliver(h);
    expect(dmsTo(h, 'alice', 'Launch failed')[0]).toContain('it was still starting after 30 minutes');
  });

  it('a pending machine the cloud reports in error is refunded, given back, and the launcher told why', async () => {
    const team = await acme();
    await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    const pending = await h.db.resource.findFirstOrThrow();
    fake.fail(pending.providerId!, 'GPU host failed');
    h.clock.advance(MINUTE);
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 1, changed: 1 });
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({
      status: 'failed',
      liveName: null,
      statusReason: 'Sesterce reports the instance in error.',
    });
    expect(fake.requestsTo('DELETE', `${INSTANCES}/${pending.providerId}`)).toHaveLength(1);
    expect(await ledgerSum(h, team.id)).toBe(5000);
    await deliver(h);
    const [failed] = dmsTo(h, 'alice', 'Launch failed');
    expect(failed).toContain('instance train-1 in Acme could not be started: Sesterce reports the instance in error.');
    expect(failed).toContain('The 2.74 credits charged for its first hour are back.');
  });

  it('stopping deletes the machine at the cloud and refunds unused minutes; a pending one gets its whole hour back', async () => {
    const team = await acme();
    await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    await h.run('alice', '/launch instance h100x1 train-2 team:Acme');
    const one = await h.db.resource.findFirstOrThrow({ where: { name: 'train-1' } });
    const two = await h.db.resource.findFirstOrThrow({ where: { name: 'train-2' } });
    fake.activate(one.providerId!);
    await watchLaunches(h.deps);
    h.clock.advance(15 * MINUTE);
    expect(textOf(await h.run('alice', '/resources stop train-1 team:Acme'))).toContain('Stopped');
    expect(fake.requestsTo('DELETE', `${INSTANCES}/${one.providerId}`)).toHaveLength(1);
    expect(machineOf(one).status).toBe('deleted');
    const refund = Math.floor((H100 * 45) / 60);
    expect(await ledgerSum(h, team.id)).toBe(5000 - 2 * H100 + refund);

    expect(textOf(await h.run('alice', '/resources stop train-2 team:Acme'))).toContain('Stopped');
    expect(fake.requestsTo('DELETE', `${INSTANCES}/${two.providerId}`)).toHaveLength(1);
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100 + refund);
    expect(await h.db.resource.findMany({ orderBy: { name: 'asc' }, select: { status: true } })).toEqual([
      { status: 'stopped' },
      { status: 'stopped' },
    ]);
  });

  it('a launch whose cloud call is still out does not hold up a grant, or another launch of the team', async () => {
    const team = await acme();
    useSesterce({ timeoutMs: 10_000 });
    await h.run('alice', '/launch catalog'); // offers read: what follows measures the launch, not the catalog
    // The slow launch's first call (its lookup by name) stays out until released; the next calls are answered at once.
    const lookup = fake.hold({}, 1);
    let slowAnswered = false;
    const slow = h.run('alice', '/launch instance h100x1 slow team:Acme').finally(() => {
      slowAnswered = true;
    });
    await waitFor(async () => (await h.db.resource.count({ where: { status: 'provisioning' } })) === 1, 'reserved');
    await waitFor(() => fake.requests.length > 0 && fake.requests.at(-1)!.path === INSTANCES, 'the cloud asked');
    const timed = async (who: string, line: string) => {
      const at = Date.now();
      const answer = await h.run(who, line);
      return { ms: Date.now() - at, answer };
    };
    const grant = await timed('olga', `/credits grant 5 meanwhile team:${team.id}`);
    const other = await timed('bob', '/launch instance l40sx1 quick team:Acme');
    expect(slowAnswered).toBe(false); // both went through while the slow launch's call was still out
    lookup.release();
    const launched = await slow;
    console.log(`held Sesterce launch: grant meanwhile ${grant.ms} ms, other launch ${other.ms} ms`);
    expect(grant.ms).toBeLessThan(1000);
    expect(other.ms).toBeLessThan(1000);
    expect(textOf(grant.answer)).toContain('5.00');
    expect(textOf(other.answer)).toContain('Launching instance quick in Acme.');
    expect(textOf(launched)).toContain('Launching instance slow in Acme.');
    expect(fake.instances.size).toBe(2);
    expect(await ledgerSum(h, team.id)).toBe(5000 + 500 - H100 - 109);
  }, 20_000);

  it('reconciliation reports a machine no resource stands for to the operators, once a day, deleting nothing', async () => {
    await acme();
    const stranger = fake.createInstance({
      name: 'someone-elses-box',
      cloudProvider: CLOUD_A,
      instanceId: 'H100x1',
      region: 'eu-north-1',
      vm: { os: OS },
    });
    const first = await reconcileMachines(h.deps);
    expect(first.unknown.map((m) => m.providerId)).toEqual([stranger._id]);
    expect(await reconcileMachines(h.deps)).toMatchObject({ gone: [] });
    await deliver(h);
    const reports = dmsTo(h, 'olga', 'Cloud reconciliation');
    expect(reports).toHaveLength(1); // the same findings on the next run: not sent again today
    expect(reports[0]).toContain(`instance ${stranger._id} ("someone-elses-box", pending): no Tally resource`);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(fake.instances.get(stranger._id as string)!.status).toBe('pending');
  });

  it('reconciliation ends a running resource whose machine was deleted at the cloud: refund, team and operators told once', async () => {
    const team = await acme();
    await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    const resource = await h.db.resource.findFirstOrThrow();
    fake.activate(resource.providerId!);
    await watchLaunches(h.deps);
    h.clock.advance(2 * MINUTE);
    expect(await reconcileMachines(h.deps)).toMatchObject({ unknown: [], gone: [] }); // all agree
    h.clock.advance(18 * MINUTE);
    fake.delete('instances', resource.providerId!);
    const report = await reconcileMachines(h.deps);
    expect(report.gone.map((r) => r.id)).toEqual([resource.id]);
    expect(report.unknown).toEqual([]);
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({
      status: 'stopped',
      liveName: null,
      statusReason: 'deleted outside Tally',
    });
    const refund = Math.floor((H100 * 40) / 60);
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100 + refund);
    expect(await reconcileMachines(h.deps)).toMatchObject({ unknown: [], gone: [] });
    await deliver(h);
    const gone = dmsTo(h, 'alice', 'Resource gone');
    expect(gone).toHaveLength(1);
    expect(gone[0]).toContain('instance train-1 in Acme was deleted at the cloud, outside Tally');
    expect(gone[0]).toContain(`Its unused time, ${(refund / 100).toFixed(2)} credits, is back.`);
    const reports = dmsTo(h, 'olga', 'Cloud reconciliation');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('instance train-1 of team');
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100 + refund);
  });

  it('inference endpoints and volumes launch at their own collections; the Ready DM gives the endpoint; stops delete there', async () => {
    const team = await acme();
    const catalog = textOf(await h.run('alice', '/launch catalog'));
    expect(catalog).toContain('inference llama-3.1-8b-instruct: Llama 3.1 8B Instruct endpoint (1x L40S), 1.09/h');
    expect(catalog).toContain('volume: 0.10 per GB-month, 20–10240 GB');
    expect(textOf(await h.run('alice', '/launch inference llama-3.1-8b-instruct chat team:Acme'))).toContain(
      'Launching inference chat in Acme.',
    );
    expect(textOf(await h.run('alice', '/launch volume 100 data team:Acme'))).toContain(
      'Launched volume data in Acme.',
    );
    const chat = await h.db.resource.findFirstOrThrow({ where: { name: 'chat' } });
    const data = await h.db.resource.findFirstOrThrow({ where: { name: 'data' } });
    expect(fake.requestsTo('POST', '/ai-inference/instances')[0]!.body).toMatchObject({ name: `tally-${chat.id}` });
    expect(fake.requestsTo('POST', '/gpu-cloud/volumes')[0]!.body).toMatchObject({
      name: `tally-${data.id}`,
      sizeInGb: 100,
    });
    expect(data).toMatchObject({ status: 'running', hourlyCents: 2 });
    expect(chat).toMatchObject({ status: 'pending', hourlyCents: 109 });
    fake.activate(chat.providerId!);
    await watchLaunches(h.deps);
    await deliver(h);
    const [ready] = dmsTo(h, 'alice', 'Ready');
    expect(ready).toContain('inference chat in Acme is running.');
    expect(ready).toContain(`Endpoint: https://${chat.providerId}-f4ke.ai.sesterce.dev/`);
    await h.run('alice', '/resources stop chat team:Acme');
    await h.run('alice', '/resources stop data team:Acme');
    expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/ai-inference/instances/${chat.providerId}`,
      `/gpu-cloud/volumes/${data.providerId}`,
    ]);
    expect(fake.inference.size + fake.volumes.size).toBe(0);
    // Stopped seconds after it came up (the DMs' delivery moved the clock): 59 whole minutes of each hour come back.
    expect(await ledgerSum(h, team.id)).toBe(5000 - 109 - 2 + Math.floor((109 * 59) / 60) + Math.floor((2 * 59) / 60));
  });

  // BUG (same root as the one above): a stop whose DELETE fails leaves the machine at Sesterce, billed there; the
  // only thing that would tell the operators is reconciliation, which throws on findings with no resource gone.
  it('a machine whose delete failed at a stop is deleted by the next reconciliation, and reported', async () => {
    const team = await acme();
    await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    const resource = await h.db.resource.findFirstOrThrow();
    fake.failNext(500, 3, { method: 'DELETE', path: `${INSTANCES}/${resource.providerId}` });
    expect(textOf(await h.run('alice', '/resources stop train-1 team:Acme'))).toContain('Stopped');
    expect(machineOf(resource).status).toBe('pending'); // still there, soon billed by Sesterce
    expect(await ledgerSum(h, team.id)).toBe(5000);
    h.clock.advance(10 * MINUTE);
    const report = await reconcileMachines(h.deps);
    expect(report.unknown).toEqual([]);
    expect(report.released.map((m) => m.providerId)).toEqual([resource.providerId]);
    expect(machineOf(resource).status).toBe('deleted');
    await deliver(h);
    expect(dmsTo(h, 'olga', 'Cloud reconciliation')[0]).toContain(`tally-${resource.id}`);
    expect(dmsTo(h, 'olga', 'Cloud reconciliation')[0]).toContain("a stopped resource's, deleted");
  });

  it('a resource suspended for lack of credits is not reported as deleted outside Tally', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('olga', `/credits grant 4 start team:${team.id}`); // the first hour (2.74), not a second
    await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    const resource = await h.db.resource.findFirstOrThrow();
    fake.activate(resource.providerId!);
    await watchLaunches(h.deps);
    h.clock.advance(HOUR + MINUTE);
    expect(await meterResources(h.deps)).toMatchObject({ suspended: [resource.id] });
    expect(fake.requestsTo('DELETE', `${INSTANCES}/${resource.providerId}`)).toHaveLength(1); // by Tally
    h.clock.advance(5 * MINUTE);
    await reconcileMachines(h.deps);
    await deliver(h);
    expect(h.sent.map((s) => textOf(s.message)).join('\n')).not.toContain('outside Tally');
    expect(dmsTo(h, 'olga', 'Cloud reconciliation')).toEqual([]);
    expect(await ledgerSum(h, team.id)).toBe(400 - H100);
  });

  it('a running machine the cloud reports in error stops being charged, is deleted, and the team is told', async () => {
    const team = await acme();
    await h.run('alice', '/launch instance h100x1 train-1 team:Acme');
    const resource = await h.db.resource.findFirstOrThrow();
    fake.activate(resource.providerId!);
    await watchLaunches(h.deps);
    h.clock.advance(30 * MINUTE);
    fake.fail(resource.providerId!, 'The host lost its GPUs.');
    expect((await reconcileMachines(h.deps)).gone.map((r) => r.id)).toEqual([resource.id]);
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({
      status: 'stopped',
      statusReason: 'failed at the cloud',
    });
    expect(fake.requestsTo('DELETE', `${INSTANCES}/${resource.providerId}`)).toHaveLength(1);
    expect(await ledgerSum(h, team.id)).toBe(5000 - H100 + Math.floor((H100 * 30) / 60));
    await deliver(h);
    expect(dmsTo(h, 'alice', 'Resource gone')[0]).toContain('instance train-1 in Acme failed at the cloud');
  });

  it('metering charges a running Sesterce machine each hour, and a pending one not at all', async () => {
    const team = await acme();
    await h.run('alice', '/launch instance h100x1 up team:Acme');
    await h.run('alice', '/launch instance l40sx1 starting team:Acme');
    const up = await h.db.resource.findFirstOrThrow({ where: { name: 'up' } });
    fake.activate(up.providerId!);
    await watchLaunches(h.deps);
    h.clock.advance(HOUR + MINUTE);
    expect(await meterResources(h.deps)).toMatchObject({ charged: 1 });
    h.clock.advance(HOUR);
    expect(await meterResources(h.deps)).toMatchObject({ charged: 1 });
    expect(await meterResources(h.deps)).toMatchObject({ charged: 0 });
    const charges = await h.db.ledgerEntry.findMany({ where: { teamId: team.id, kind: 'charge' } });
    expect(charges.filter((c) => c.resourceId === up.id)).toHaveLength(3);
    expect(await h.db.resource.findFirstOrThrow({ where: { name: 'starting' } })).toMatchObject({ status: 'pending' });
    expect(charges.filter((c) => c.resourceId !== up.id)).toHaveLength(1); // its first hour only
    expect(await ledgerSum(h, team.id)).toBe(5000 - 3 * H100 - 109);
  });
});
