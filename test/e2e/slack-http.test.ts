import { describe, expect, it } from 'vitest';
import {
  appHomeOpened,
  asForm,
  blockActionPayload,
  slashCommand,
  USERS,
  viewSubmissionPayload,
} from '../fixtures/slack-payloads.ts';
import { FAKE_TEAM, postSigned, slackSignature } from '../support/fake-slack.ts';
import { type Block, blockText, buttonIn, useSlack } from '../support/slack-harness.ts';

describe('Slack over HTTP (real Bolt, fake Slack)', () => {
  const s = useSlack('http');

  it('/team create answers ephemerally through response_url and creates the team', async () => {
    const answer = await s.command('alice', '/team', 'create Acme description:"GPU research"');
    expect(answer.response_type).toBe('ephemeral');
    expect(blockText(answer.blocks)).toMatch(
      /:white_check_mark: Created \*Acme\* \(`T[0-9A-Z]{9}`\)\. You are its Owner/,
    );
    expect(buttonIn(answer.blocks, 'Invite people').style).toBe('primary');
    const team = await s.h.teamNamed('Acme');
    expect(team.description).toBe('GPU research');
    const identity = await s.h.db.identity.findFirstOrThrow({
      where: { platform: 'slack', platformUserId: USERS.alice.id },
    });
    expect(identity).toMatchObject({ workspaceId: FAKE_TEAM, displayName: 'alice' });
    expect(s.fake.callsOf('users.info')).toHaveLength(1);
    await s.command('alice', '/team', 'info');
    expect(s.fake.callsOf('users.info')).toHaveLength(1); // the name is cached in the database
  });

  it('resolves mentions, sends direct invitations by DM, and the Accept button joins', async () => {
    await s.command('alice', '/team', 'create Acme');
    const sent = await s.command('alice', '/team', `invite <@${USERS.bob.id}|bob> co-owner`);
    expect(blockText(sent.blocks)).toContain('Invited bob to *Acme* as Co-Owner');
    const dm = await s.fake.waitFor(
      () => s.fake.callsOf('chat.postMessage').find((c) => c.args.channel === `D${USERS.bob.id}`),
      'the DM',
    );
    expect(s.fake.callsOf('conversations.open')[0]!.args.users).toBe(USERS.bob.id);
    const dmBlocks = dm.args.blocks as Block[];
    expect(blockText(dmBlocks)).toContain('alice invited you to join *Acme* as Co-Owner.');
    const accepted = await s.answerTo(await s.press('bob', dmBlocks, 'Accept'));
    expect(blockText(accepted.blocks)).toContain('Welcome to *Acme*! You joined as Co-Owner.');
    const again = await s.answerTo(await s.press('bob', dmBlocks, 'Accept', { messageTs: '1700000000.999' }));
    expect(blockText(again.blocks)).toContain('already accepted');
    expect(await s.h.db.membership.count({ where: { team: { name: 'Acme' } } })).toBe(2);
  });

  it('denies politely, shows the checkout failure with its button, and the Top up button opens the amount form', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.joinByInvite('alice', 'carol');
    const denied = await s.command('carol', '/credits', 'add 50 team:Acme');
    expect(denied.response_type).toBe('ephemeral');
    expect(blockText(denied.blocks)).toContain(':x: *Not allowed*');
    expect(blockText(denied.blocks)).toContain('needs the *billing.manage* permission');
    const failed = await s.command('carol', '/launch', 'instance h100 train-1 team:Acme');
    expect(blockText(failed.blocks)).toContain('*Checkout failed*');
    expect(blockText(failed.blocks)).toContain('*Shortfall*\n2.49');
    expect(blockText(failed.blocks)).toContain('[Notify owners]');
    const ownerFailed = await s.command('alice', '/launch', 'instance h100 train-1');
    await s.press('alice', ownerFailed.blocks, 'Top up');
    const opened = await s.fake.waitFor(() => s.fake.callsOf('views.open')[0], 'views.open');
    const view = opened.args.view as { title: { text: string }; blocks: Block[]; private_metadata: string };
    expect(view.title.text).toBe('Credits add');
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['amount']);
    expect(await s.h.db.ledgerEntry.count()).toBe(0);
  });

  it('a form submission shows a bad value beside its field, and a good one runs the command', async () => {
    await s.command('alice', '/team', 'create Acme');
    await postSigned(s.port, slashCommand('alice', '/credits', 'add', s.fake.responseUrl('form')));
    const opened = await s.fake.waitFor(() => s.fake.callsOf('views.open')[0], 'the top-up form');
    const view = opened.args.view as { private_metadata: string; blocks: Block[] };
    const bad = await postSigned(
      s.port,
      asForm(viewSubmissionPayload('alice', view, { amount: { type: 'plain_text_input', value: '-5' } })),
    );
    expect(JSON.parse(bad.text)).toEqual({
      response_action: 'errors',
      errors: { amount: 'The amount must be positive, not -5.' },
    });
    expect(await s.h.db.ledgerEntry.count()).toBe(0);
    const good = await postSigned(
      s.port,
      asForm(viewSubmissionPayload('alice', view, { amount: { type: 'plain_text_input', value: '25' } })),
    );
    expect(good.status).toBe(200);
    const posted = await s.fake.waitFor(() => s.fake.callsOf('chat.postEphemeral')[0], 'the top-up answer');
    expect(posted.args).toMatchObject({ channel: 'C00FAKEGENRL', user: USERS.alice.id });
    expect(blockText(posted.args.blocks as Block[])).toContain('Added *25.00* credits to *Acme*');
    expect((await s.h.teamNamed('Acme')).balanceCents).toBe(2500);
  });

  it('publishes the App Home: active team, balance, teams with Switch, resources', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.command('alice', '/credits', 'add 10');
    await postSigned(s.port, JSON.stringify(appHomeOpened('alice')), { contentType: 'application/json' });
    const published = await s.fake.waitFor(() => s.fake.callsOf('views.publish')[0], 'views.publish');
    expect(published.args.user_id).toBe(USERS.alice.id);
    const text = blockText((published.args.view as { blocks: Block[] }).blocks);
    expect(text).toContain('*Acme*');
    expect(text).toContain('*Balance*\n10.00');
    expect(text).toContain('[Switch]');
    expect(text).toContain('Nothing is running in *Acme*');
  });

  it('rejects unsigned, wrongly signed, stale and malformed requests without acting', async () => {
    const before = await s.h.db.team.count();
    const body = slashCommand('alice', '/team', 'create Forged', s.fake.responseUrl('x'));
    const now = Math.floor(Date.now() / 1000);
    expect((await postSigned(s.port, body, { signature: null })).status).toBe(401);
    expect((await postSigned(s.port, body, { secret: 'not-the-secret-at-all' })).status).toBe(401);
    expect((await postSigned(s.port, body, { timestamp: now - 6 * 60 })).status).toBe(401);
    expect(
      (await postSigned(s.port, body, { signature: slackSignature(`${body}&x=1`, now), timestamp: now })).status,
    ).toBe(401);
    const malformedPayload = await postSigned(s.port, 'payload=%7Bnot-json');
    expect(malformedPayload.status).toBeGreaterThanOrEqual(400);
    expect(malformedPayload.status).toBeLessThan(500);
    const garbage = await postSigned(s.port, '%%%not-a-form');
    expect(garbage.status).toBeLessThan(500);
    await new Promise((done) => setTimeout(done, 200));
    expect(await s.h.db.team.count()).toBe(before);
    expect(s.fake.responses).toHaveLength(0);
  });

  it('answers a name of only spaces with the usage instead of opening a form; a bare command still opens one', async () => {
    for (const spaces of ['    ', '\u3000\u3000', '\u00A0']) {
      const answer = await s.command('alice', '/team', `create${spaces}`);
      expect(blockText(answer.blocks)).toContain('name is missing.\nUsage: `/team create');
    }
    expect(s.fake.callsOf('views.open')).toHaveLength(0);
    await postSigned(s.port, slashCommand('alice', '/team', 'create ', s.fake.responseUrl('bare')));
    await s.fake.waitFor(() => s.fake.callsOf('views.open')[0], 'the form');
    expect(await s.h.db.team.count({ where: { isPersonal: false } })).toBe(0);
  });

  it('refuses a hidden character by name, instead of showing a team that looks like "ab"', async () => {
    const bell = await s.command('alice', '/team', 'create a\u0007b');
    expect(blockText(bell.blocks)).toContain(
      'Team name has a control character (U+0007 BELL) at position 2; type the team name without it.',
    );
    expect(await s.h.db.team.count({ where: { isPersonal: false } })).toBe(0);
  });

  it('answers unknown commands, over-long text and stale buttons politely', async () => {
    const unknown = await s.command('alice', '/team', 'fly away');
    expect(blockText(unknown.blocks)).toContain('/team has no subcommand "fly"');
    const long = await s.command('alice', '/team', `create ${'x'.repeat(4100)}`);
    expect(blockText(long.blocks)).toContain('can be at most 4000');
    const stale = await s.answerTo(
      await s.press(
        'alice',
        [
          {
            type: 'actions',
            elements: [{ action_id: 'tally:0', value: '{"c":"team nuke","a":{}}', text: { text: 'Nuke' } }],
          },
        ],
        'Nuke',
      ),
    );
    expect(blockText(stale.blocks)).toContain('That button is no longer valid');
    expect(await s.h.db.team.count({ where: { isPersonal: false } })).toBe(0);
  });

  it('the same signed request delivered three times (retries) changes the database once', async () => {
    await s.command('alice', '/team', 'create Acme');
    const body = slashCommand('alice', '/credits', 'add 40', s.fake.responseUrl('retry'), 'trigger-retried-1');
    const statuses = [
      await postSigned(s.port, body),
      await postSigned(s.port, body, { retry: 1 }),
      await postSigned(s.port, body, { retry: 2 }),
    ].map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200]);
    await s.fake.waitFor(() => s.fake.responses.find((r) => r.id === 'retry'), 'the answer');
    await new Promise((done) => setTimeout(done, 300));
    expect(await s.h.db.ledgerEntry.count()).toBe(1);
    expect(s.fake.responses.filter((r) => r.id === 'retry')).toHaveLength(1);
    // A double click on one button of one message pays once too.
    const history = await s.command('alice', '/credits', '');
    const payload = (trigger: string) =>
      asForm(
        blockActionPayload(
          'alice',
          { action_id: buttonIn(history.blocks, 'Top up').action_id, value: '{"c":"credits add","a":{"amount":"5"}}' },
          s.fake.responseUrl('dbl'),
          { trigger, messageTs: '1700000000.5' },
        ),
      );
    await Promise.all([postSigned(s.port, payload('t-a')), postSigned(s.port, payload('t-b'))]);
    await s.fake.waitFor(() => s.fake.responses.filter((r) => r.id === 'dbl').length === 2, 'both answers');
    expect(await s.h.db.ledgerEntry.count()).toBe(2);
  });
});
