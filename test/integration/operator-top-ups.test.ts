import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../src/clock.ts';
import { expireTopUpRequests } from '../../src/jobs/expire-top-ups.ts';
import { MAX_BALANCE_CENTS } from '../../src/money.ts';
import { DeliveryRefused } from '../../src/ports/notifier.ts';
import { plainText, type Rich } from '../../src/rich-text.ts';
import { drainAll } from '../support/drain-all.ts';
import { findButton, type Harness, teamWith, textOf, useHarness } from '../support/harness.ts';

/** Acme: alice is its Owner and bob a Co-Owner, neither runs this Tally; olga and oscar do. */
async function acme(h: Harness) {
  return teamWith(h, 'alice', 'Acme', { bob: 'co-owner', mia: 'member' });
}

/** The outbox's DMs sent, as the pump would send them: they are queued with what they tell of. */
const deliver = (h: Harness) => drainAll(h.deps, (ms) => h.clock.advance(ms));

/** alice asks for 50.00; the DM each operator got. */
async function askFifty(h: Harness) {
  h.sent.length = 0;
  const asked = await h.run('alice', '/credits add 50 team:Acme');
  await deliver(h);
  const dm = (name: string) => {
    const found = h.sent.find((s) => s.to === name && s.message.title === 'Top-up to approve');
    if (!found) throw new Error(`no request DM for ${name}: ${JSON.stringify(h.sent)}`);
    return found.message;
  };
  return { asked, olga: dm('olga'), oscar: dm('oscar') };
}

const dmsTo = (h: Harness, name: string) => h.sent.filter((s) => s.to === name).map((s) => s.message);

describe('operators post top-ups; billing roles ask them', () => {
  const h = useHarness({ operators: ['olga', 'oscar'] });

  it("an operator's own /credits add is posted at once, naming the operator", async () => {
    await h.run('olga', '/team create Ops');
    const added = await h.run('olga', '/credits add 50');
    expect(added.tone).toBe('success');
    expect(added.text).toBe('Added *50.00* credits to *Ops*. Balance: *50.00*.');
    expect((await h.teamNamed('Ops')).balanceCents).toBe(5000);
    const entry = await h.db.ledgerEntry.findFirstOrThrow({ where: { team: { name: 'Ops' } } });
    expect(entry).toMatchObject({
      kind: 'top_up',
      amountCents: 5000,
      reason: 'manual top-up (confirmed by operator olga)',
    });
    expect(await h.db.invoice.count({ where: { teamId: entry.teamId, paymentMethod: 'manual' } })).toBe(1);
    expect(await h.db.topUpRequest.count()).toBe(0);
  });

  it("a billing role's /credits add is a request every operator gets by DM, with Approve and Decline", async () => {
    const team = await acme(h);
    const { asked, olga, oscar } = await askFifty(h);
    expect(asked.tone).toBe('info');
    expect(asked.ephemeral).toBe(true);
    expect(textOf(asked)).toContain(
      "Asked the operators to approve 50.00 credits for Acme; you'll get a message when one does.",
    );
    expect((await h.teamNamed('Acme')).balanceCents).toBe(0);
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id } })).toBe(0);
    const request = await h.db.topUpRequest.findFirstOrThrow();
    expect(request).toMatchObject({ teamId: team.id, amountCents: 5000, status: 'pending' });
    expect(request.expiresAt.getTime() - request.createdAt.getTime()).toBe(7 * DAY);
    for (const dm of [olga, oscar]) {
      expect(dm.text).toContain('alice asks to add *50.00* credits to *Acme*');
      expect(dm.fields).toEqual(
        expect.arrayContaining([
          { label: 'Amount', value: '50.00' },
          { label: 'Team', value: `Acme (\`${team.id}\`)` },
          { label: 'Asked by', value: 'alice' },
        ]),
      );
      expect(findButton(dm, 'Approve').args).toEqual({ request: request.id });
      expect(findButton(dm, 'Decline').form).toBe(true);
    }
  });

  it('a member without billing.manage cannot ask; an operator is not needed for that refusal', async () => {
    await acme(h);
    const refused = await h.run('mia', '/credits add 50 team:Acme');
    expect(refused.tone).toBe('error');
    expect(refused.text).toContain('needs the *billing.manage* permission');
    expect(await h.db.topUpRequest.count()).toBe(0);
  });

  it('Approve posts the top-up and its invoice once and tells the asker; pressing again says who approved', async () => {
    const team = await acme(h);
    const { olga } = await askFifty(h);
    h.sent.length = 0;
    const approved = await h.press('olga', olga, 'Approve');
    await deliver(h);
    expect(approved.tone).toBe('success');
    expect(textOf(approved)).toContain('Added 50.00 credits to Acme (asked by alice). alice has been told.');
    expect((await h.teamNamed('Acme')).balanceCents).toBe(5000);
    const request = await h.db.topUpRequest.findFirstOrThrow();
    expect(request).toMatchObject({ status: 'approved', decidedById: await h.userId('olga') });
    const entries = await h.db.ledgerEntry.findMany({ where: { teamId: team.id } });
    expect(entries).toMatchObject([
      {
        kind: 'top_up',
        amountCents: 5000,
        idempotencyKey: `topup:request:${request.id}`,
        reason: 'manual top-up (approved by operator olga)',
      },
    ]);
    expect(await h.db.invoice.count({ where: { teamId: team.id } })).toBe(1);
    const told = dmsTo(h, 'alice');
    expect(told.map((m) => m.title)).toContain('Top-up approved');
    expect(textOf(told.find((m) => m.title === 'Top-up approved')!)).toContain(
      'olga approved your top-up: 50.00 credits were added to Acme.',
    );

    h.sent.length = 0;
    const again = await h.press('olga', olga, 'Approve');
    await deliver(h);
    expect(again.tone).toBe('error');
    expect(again.text).toContain('was already approved by olga');
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id } })).toBe(1);
    expect(h.sent).toEqual([]); // alice was told once
    expect(textOf(await h.run('alice', '/team logs team:Acme'))).toContain(
      'olga added 50.00 credits (invoice 2026-000001), asked for by alice',
    );
  });

  it('two operators approving at once: one top-up, and the other is told who approved it', async () => {
    const team = await acme(h);
    const { olga, oscar } = await askFifty(h);
    const answers = await Promise.all([h.press('olga', olga, 'Approve'), h.press('oscar', oscar, 'Approve')]);
    const won = answers.filter((a) => a.tone === 'success');
    const lost = answers.filter((a) => a.tone === 'error');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0] === answers[0] ? 'olga' : 'oscar';
    expect(lost[0]!.text).toContain(`was already approved by ${winner}`);
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id } })).toBe(1);
    expect(await h.db.invoice.count({ where: { teamId: team.id } })).toBe(1);
    expect((await h.teamNamed('Acme')).balanceCents).toBe(5000);
    h.sent.length = 0;
    await deliver(h);
    expect(h.sent.map((s) => [s.to, s.message.title])).toEqual([['alice', 'Top-up approved']]);
  });

  it('Decline with a reason tells the asker why; the request cannot be approved after', async () => {
    await acme(h);
    const { oscar, olga } = await askFifty(h);
    h.sent.length = 0;
    const declined = await h.press('oscar', oscar, 'Decline', { reason: 'no transfer *arrived* <!here>' });
    await deliver(h);
    expect(textOf(declined)).toContain('Declined the request to add 50.00 credits to Acme; alice has been told.');
    const request = await h.db.topUpRequest.findFirstOrThrow();
    expect(request).toMatchObject({ status: 'declined', declineReason: 'no transfer *arrived* <!here>' });
    const [told] = dmsTo(h, 'alice');
    expect(told?.title).toBe('Top-up declined');
    expect(told?.text).toBe(
      'oscar declined your request to add *50.00* credits to *Acme*: no transfer *arrived* <!here>',
    );
    const late = await h.press('olga', olga, 'Approve');
    expect(late.text).toContain('was already declined by oscar');
    expect(textOf(await h.run('alice', '/team logs team:Acme'))).toContain(
      'oscar declined a top-up of 50.00 credits asked for by alice: no transfer',
    );
    expect((await h.teamNamed('Acme')).balanceCents).toBe(0);
    await deliver(h);
    expect(dmsTo(h, 'alice')).toHaveLength(1);
  });

  it('nobody but an operator can approve or decline, even with the button in hand', async () => {
    await acme(h);
    const { olga } = await askFifty(h);
    for (const [label, person] of [
      ['Approve', 'alice'],
      ['Decline', 'bob'],
    ] as const) {
      const refused = await h.press(person, olga, label);
      expect(refused.tone).toBe('error');
      expect(refused.text).toContain('Only the people who run this Tally (its operators) can');
    }
    expect((await h.db.topUpRequest.findFirstOrThrow()).status).toBe('pending');
    expect((await h.teamNamed('Acme')).balanceCents).toBe(0);
  });

  it('a repeated chat event makes one request and one DM per operator', async () => {
    await acme(h);
    h.sent.length = 0;
    const first = await h.run('alice', '/credits add 50 team:Acme', 'slack:1000.2000');
    const repeat = await h.run('alice', '/credits add 50 team:Acme', 'slack:1000.2000');
    expect(textOf(first)).toContain('Asked the operators');
    expect(textOf(repeat)).toContain('Already asked: Asked the operators to approve 50.00 credits for Acme');
    expect(await h.db.topUpRequest.count()).toBe(1);
    await deliver(h);
    expect(h.sent.map((s) => s.to).sort()).toEqual(['olga', 'oscar']);
  });

  it('the DMs are queued in the outbox with what they tell of, before any is sent', async () => {
    await acme(h);
    h.sent.length = 0;
    await h.run('alice', '/credits add 50 team:Acme');
    const request = await h.db.topUpRequest.findFirstOrThrow();
    const queued = await h.db.outboxMessage.findMany({ orderBy: { key: 'asc' } });
    expect(h.sent).toEqual([]);
    expect(queued.map((r) => [r.key, r.status, r.toChannel, r.createdAt])).toEqual([
      [`topup-request:${request.id}:console:@olga`, 'pending', false, request.createdAt],
      [`topup-request:${request.id}:console:@oscar`, 'pending', false, request.createdAt],
    ]);
    expect(queued.map((r) => (r.payload as { title?: string }).title)).toEqual([
      'Top-up to approve',
      'Top-up to approve',
    ]);

    // The decision's DM to the asker is queued with it too, and a decision that did not stand queues none.
    await deliver(h);
    const oscarDm = h.sent.find((s) => s.to === 'oscar')!.message;
    await h.press('oscar', oscarDm, 'Decline', { reason: 'no transfer' });
    await h.press('olga', oscarDm, 'Approve');
    const toAlice = await h.db.outboxMessage.findMany({ where: { recipient: 'alice' } });
    expect(toAlice.map((r) => [r.key, r.status])).toEqual([[`topup-declined:${request.id}:console:@alice`, 'pending']]);
  });

  it("the asker's approval DM is queued only when the approval stands, and once", async () => {
    const team = await acme(h);
    const { olga } = await askFifty(h);
    const request = await h.db.topUpRequest.findFirstOrThrow();
    const toAlice = () => h.db.outboxMessage.findMany({ where: { recipient: 'alice' } });
    // The balance filled up meanwhile: nothing is posted, the request waits again, alice is told nothing.
    await h.db.team.update({ where: { id: team.id }, data: { balanceCents: MAX_BALANCE_CENTS } });
    expect((await h.press('olga', olga, 'Approve')).tone).toBe('error');
    expect((await h.db.topUpRequest.findFirstOrThrow()).status).toBe('pending');
    expect(await toAlice()).toEqual([]);
    // Approved by a process that died before posting: the next press posts it, and queues the DM then.
    await h.db.team.update({ where: { id: team.id }, data: { balanceCents: 0 } });
    const decidedById = await h.userId('olga');
    await h.db.topUpRequest.update({ where: { id: request.id }, data: { status: 'approved', decidedById } });
    expect((await h.press('olga', olga, 'Approve')).text).toContain('was already approved by olga');
    expect((await h.press('olga', olga, 'Approve')).text).toContain('was already approved by olga');
    expect((await h.teamNamed('Acme')).balanceCents).toBe(5000);
    const rows = await toAlice();
    expect(rows.map((r) => r.key)).toEqual([`topup-approved:${request.id}:console:@alice`]);
    expect(plainText((rows[0]!.payload as unknown as { text: Rich }).text)).toContain(
      'olga approved your top-up: 50.00 credits were added to Acme.',
    );
  });

  it('a request expires after 7 days: the asker is told, and it can no longer be approved', async () => {
    await acme(h);
    const { olga } = await askFifty(h);
    h.clock.advance(7 * DAY - MINUTE);
    expect(await expireTopUpRequests(h.deps)).toEqual({ expired: 0 });
    h.clock.advance(2 * MINUTE);
    const late = await h.press('olga', olga, 'Approve'); // before the job: refused all the same
    expect(late.text).toContain('expired at');
    expect(await expireTopUpRequests(h.deps)).toEqual({ expired: 1 });
    expect(await expireTopUpRequests(h.deps)).toEqual({ expired: 0 });
    expect((await h.db.topUpRequest.findFirstOrThrow()).status).toBe('expired');
    const rows = await h.db.outboxMessage.findMany({ where: { key: { startsWith: 'topup-expired:' } } });
    expect(rows.map((r) => r.recipient)).toEqual(['alice']);
    expect(plainText((rows[0]!.payload as unknown as { text: Rich }).text)).toBe(
      'No operator answered your request to add 50.00 credits to Acme within 7 days, so it expired. ' +
        'Ask again with /credits add once the money is on its way.',
    );
    expect((await h.teamNamed('Acme')).balanceCents).toBe(0);
  });
});

describe('with no operators set up', () => {
  const h = useHarness({ operators: [] });

  it("a billing role's /credits add says nobody can approve it, and nothing is asked", async () => {
    await h.run('alice', '/team create Acme');
    const refused = await h.run('alice', '/credits add 50');
    expect(refused.tone).toBe('error');
    expect(refused.text).toContain('none is set up yet (TALLY_OPERATORS)');
    expect(await h.db.topUpRequest.count()).toBe(0);
    expect((await h.teamNamed('Acme')).balanceCents).toBe(0);
  });
});

describe('operators grant promotions and post adjustments', () => {
  const h = useHarness({ operators: ['olga'] });

  it('grants free credits to any team by id, as a promotion with its reason', async () => {
    const team = await acme(h);
    const granted = await h.run('olga', `/credits grant 25 welcome <b>offer</b> team:${team.id}`);
    expect(granted.tone).toBe('success');
    expect(granted.text).toBe(
      `Granted *25.00* credits to *Acme* (\`${team.id}\`): welcome <b>offer</b>. Balance: *25.00*.`,
    );
    expect(await h.db.ledgerEntry.findMany({ where: { teamId: team.id } })).toMatchObject([
      { kind: 'promotion', amountCents: 2500, reason: 'welcome <b>offer</b>', actorId: await h.userId('olga') },
    ]);
    expect(await h.db.invoice.count()).toBe(0);
  });

  it('adjusts up and down, never below zero: the refusal names the balance', async () => {
    const team = await acme(h);
    expect((await h.run('olga', `/credits adjust +10 missed transfer team:${team.id}`)).text).toContain(
      'Adjusted *Acme*',
    );
    const down = await h.run('olga', `/credits adjust -2.50 double charge team:${team.id}`);
    expect(down.text).toBe(`Adjusted *Acme* (\`${team.id}\`) by *-2.50* credits: double charge. Balance: *7.50*.`);
    const tooMuch = await h.run('olga', `/credits adjust -8 oops team:${team.id}`);
    expect(tooMuch.tone).toBe('error');
    expect(tooMuch.text).toBe(
      'That would take *Acme* below zero: its balance is 7.50, so an adjustment can take at most 7.50.',
    );
    expect((await h.teamNamed('Acme')).balanceCents).toBe(750);
    const entries = await h.db.ledgerEntry.findMany({ where: { teamId: team.id }, orderBy: { createdAt: 'asc' } });
    expect(entries.map((e) => [e.kind, e.amountCents, e.balanceAfterCents])).toEqual([
      ['adjustment', 1000, 1000],
      ['adjustment', -250, 750],
    ]);
    expect(entries.reduce((sum, e) => sum + e.amountCents, 0)).toBe(750);
    const zero = await h.run('olga', `/credits adjust 0 nothing team:${team.id}`);
    expect(textOf(zero)).toContain('An adjustment of 0.00 changes nothing');
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id } })).toBe(2);
  });

  it("a request DM an operator never gets is not written in the team's user log", async () => {
    await acme(h);
    const notifier = h.deps.notifier;
    h.deps.notifier = {
      ...notifier,
      async sendDirect(to, message) {
        if (to.platformUserId === 'olga') throw new DeliveryRefused('olga blocks DMs');
        await notifier.sendDirect(to, message);
      },
    };
    try {
      await askFifty(h).catch(() => undefined); // olga's DM never arrives
    } finally {
      h.deps.notifier = notifier;
    }
    expect(await h.db.outboxMessage.count({ where: { recipient: 'olga', status: 'dead' } })).toBe(1);
    const logs = textOf(await h.run('alice', '/team logs team:Acme'));
    expect(logs).not.toContain('olga');
    expect(logs).toContain('asked the operators to approve a top-up of 50.00 credits');
  });

  it('a repeated chat event grants once', async () => {
    const team = await acme(h);
    await h.run('olga', `/credits grant 5 promo team:${team.id}`, 'slack:42.1');
    const repeat = await h.run('olga', `/credits grant 5 promo team:${team.id}`, 'slack:42.1');
    expect(repeat.text).toContain('Already recorded: Granted *5.00* credits');
    expect((await h.teamNamed('Acme')).balanceCents).toBe(500);
  });

  it('nobody else can, not even the team Owner; an unknown id is named', async () => {
    const team = await acme(h);
    for (const line of [`/credits grant 25 free team:${team.id}`, `/credits adjust 5 because team:${team.id}`]) {
      const refused = await h.run('alice', line);
      expect(refused.tone).toBe('error');
      expect(refused.text).toContain('Only the people who run this Tally (its operators) can');
    }
    expect((await h.teamNamed('Acme')).balanceCents).toBe(0);
    expect((await h.run('olga', '/credits grant 5 promo team:TNOSUCH')).text).toBe(
      "No team has the id `TNOSUCH`; `/team info` shows a team's id.",
    );
  });
});
