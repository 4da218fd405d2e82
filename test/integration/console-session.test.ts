import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../adapters/console/console-session.ts';
import { drainAll } from '../support/drain-all.ts';
import { useHarness } from '../support/harness.ts';
import { pdfText } from '../support/pdf-text.ts';

describe('console adapter: a scripted session', () => {
  const h = useHarness();

  it('runs the whole story: team, invite, join, role, top-up, launches, resources, logs', async () => {
    const session = new ConsoleSession('alice');
    session.attach({ ...h.deps, notifier: session });
    const say = async (line: string) => (await session.handle(line)).output;

    expect(await say('alice: /team create Acme description:"GPU research"')).toContain('Created Acme');
    const invite = await say('alice: /team invite');
    const code = /TALLY(-[0-9A-Z]{4}){4}/.exec(invite)?.[0];
    expect(code).toBeDefined();
    expect(invite).toContain('Joins as: Member');
    expect(await say(`bob: /team join ${code}`)).toContain('Welcome to Acme! You joined as Member.');
    expect(await say('bob: press Switch to this team')).toContain('Your active team is now Acme');
    expect(await say(`carol: /team join ${code}`)).toContain('You joined as Member');
    expect(await say('alice: /team role @bob co-owner')).toContain('bob is now Co-Owner in Acme (was Member)');

    expect(await say('alice: /credits')).toContain('Acme has no credits yet');
    expect(await say('alice: press Top up 10')).toContain('Added 10.00 credits to Acme. Balance: 10.00.');

    const launched = await say('bob: /launch instance h100 train-1');
    expect(launched).toContain('Launched instance train-1 in Acme');
    expect(launched).toMatch(/IP: 203\.0\.113\.\d{1,3}/);
    expect(launched).toContain('Cost: 2.49 per hour');

    const failed = await say('carol: /launch instance h100x8 big-run team:Acme');
    expect(failed).toContain('Checkout failed');
    expect(failed).toContain('First hour costs: 19.92');
    expect(failed).toContain('Balance: 7.51');
    expect(failed).toContain('Shortfall: 12.41');
    expect(failed).toContain('[1] Notify owners');
    // The billing roles hear about it by DM once the outbox is drained (woken by the commit that queued it).
    const background: string[] = [];
    session.onBackgroundMessage = (text) => background.push(text);
    await drainAll({ ...h.deps, notifier: session }, (ms) => h.clock.advance(ms));
    expect(background.join('\n')).toContain('── DM to alice ──');
    expect(background.join('\n')).toContain(
      'carol tried to launch instance ‘big-run’ in Acme: needs 19.92, balance 7.51.',
    );

    const resources = await say('carol: /resources team:Acme');
    expect(resources).toContain('train-1: instance h100');
    expect(resources).toContain('Launched by: bob');
    expect(resources).not.toContain('big-run');

    const logs = await say('alice: /team logs');
    for (const said of [
      'alice created the team Acme.',
      'alice made an invite link for Member',
      'bob joined as Member (by invite link).',
      "alice changed bob's role from Member to Co-Owner.",
      'alice added 10.00 credits (invoice 2026-000001).',
      'bob launched instance train-1 (h100, 2.49 per hour).',
      'could not launch instance big-run: it needs',
    ]) {
      expect(logs).toContain(said);
    }
    // Sentences, not event codes, keys or raw cents.
    expect(logs).not.toMatch(/team\.create|resource\.launch|Cents|=/);
    expect(await say('bob: /team logs')).toContain('needs the logs.view permission');
  });

  it('answers nonsense politely and keeps going', async () => {
    const session = new ConsoleSession('dave');
    session.attach(h.deps);
    expect((await session.handle('/frobnicate')).output).toContain('I don\'t know the command "frobnicate"');
    expect((await session.handle('/team fly')).output).toContain('/team has no subcommand "fly"');
    expect((await session.handle('press 3')).output).toContain('There is no button to press');
    expect((await session.handle('/as bob')).output).toBe('You are now bob.');
    expect((await session.handle('/team list')).output).toContain('bob (personal)');
  });

  it('saves an invoice PDF into the downloads folder and says where', async () => {
    const downloads = await mkdtemp(join(tmpdir(), 'tally-downloads-'));
    try {
      const session = new ConsoleSession('erin', downloads);
      session.attach(h.deps);
      await session.handle('/team create Beta');
      await session.handle('/credits add 42');
      const shown = (await session.handle('/credits invoice 2026-000001')).output;
      const saved = join(downloads, 'tally-beta-invoice-2026-000001.pdf');
      expect(shown).toMatch(/📎 tally-beta-invoice-2026-000001\.pdf \(\d+ KB\), saved as /);
      expect(shown).toContain(saved);
      expect((await pdfText(await readFile(saved))).text).toMatch(/Total\s+42\.00 USD/);
    } finally {
      await rm(downloads, { recursive: true, force: true });
    }
  });
});

describe('console adapter: an operator answers top-up requests', () => {
  const h = useHarness({ operators: ['olga'] });

  it('olga declines with a typed reason, then approves; alice is told each time', async () => {
    const session = new ConsoleSession('alice');
    session.attach({ ...h.deps, notifier: session });
    const say = async (line: string) => (await session.handle(line)).output;
    // The DMs are queued with the request and its answers, and arrive when the outbox is drained.
    const background: string[] = [];
    session.onBackgroundMessage = (text) => background.push(text);
    const delivered = async () => {
      background.length = 0;
      await drainAll({ ...h.deps, notifier: session }, (ms) => h.clock.advance(ms));
      return background.join('\n');
    };

    await say('alice: /team create Acme');
    expect(await say('alice: /credits add 50')).toContain(
      "Asked the operators to approve 50.00 credits for Acme; you'll get a message when one does.",
    );
    expect(await delivered()).toContain('alice asks to add 50.00 credits to Acme.');
    const declined = await say('olga: press Decline no transfer yet');
    expect(declined).toContain('Declined the request to add 50.00 credits to Acme; alice has been told.');
    expect(await delivered()).toContain('olga declined your request to add 50.00 credits to Acme: no transfer yet');
    await say('alice: /credits add 20');
    await delivered();
    expect(await say('olga: press Approve')).toContain('Added 20.00 credits to Acme (asked by alice).');
    expect(await delivered()).toContain('olga approved your top-up: 20.00 credits were added to Acme.');
    expect(await say('alice: /credits')).toContain('Acme has 20.00 credits');
  });
});
