import { beforeAll, describe, expect, it } from 'vitest';
import { operatorList } from '../../src/operators/operators.ts';
import { asForm, USERS, viewSubmissionPayload } from '../fixtures/slack-payloads.ts';
import { drainAll } from '../support/drain-all.ts';
import { FAKE_TEAM, postSigned } from '../support/fake-slack.ts';
import { type Block, blockText, useSlack } from '../support/slack-harness.ts';
import { waitFor } from '../support/wait-for.ts';

describe('Slack: a billing role asks, an operator approves from the DM', () => {
  const s = useSlack('http');
  beforeAll(() => {
    // carol runs this Tally (TALLY_OPERATORS=slack:T00FAKETEAM:U00FAKECAROL); alice owns Acme.
    s.h.deps.operators = operatorList([{ platform: 'slack', workspaceId: FAKE_TEAM, platformUserId: USERS.carol.id }]);
  });

  /** The DM titled `title`: queued with the request or answer, it is sent when the outbox is drained. */
  const dmTo = (who: 'alice' | 'carol', title: string) =>
    waitFor(async () => {
      await drainAll(s.h.deps, (ms) => s.h.clock.advance(ms));
      return s.fake
        .callsOf('chat.postMessage')
        .find((c) => c.args.channel === `D${USERS[who].id}` && blockText(c.args.blocks as Block[]).includes(title));
    }, `the DM to ${who} titled ${title}`);

  it("the operator's Approve button posts the top-up and the asker's team balance changes", async () => {
    await s.command('alice', '/team', 'create Acme');
    const asked = await s.command('alice', '/credits', 'add 50');
    expect(asked.response_type).toBe('ephemeral');
    expect(blockText(asked.blocks)).toContain('Asked the operators to approve *50.00* credits for *Acme*');
    expect((await s.h.teamNamed('Acme')).balanceCents).toBe(0);

    const request = await dmTo('carol', 'Top-up to approve');
    const requestBlocks = request.args.blocks as Block[];
    expect(blockText(requestBlocks)).toContain('alice asks to add *50.00* credits to *Acme*');
    const approved = await s.answerTo(await s.press('carol', requestBlocks, 'Approve'));
    expect(blockText(approved.blocks)).toContain('Added *50.00* credits to *Acme* (asked by alice)');
    expect((await s.h.teamNamed('Acme')).balanceCents).toBe(5000);

    const told = await dmTo('alice', 'Top-up approved');
    expect(blockText(told.args.blocks as Block[])).toContain('carol approved your top-up');

    // alice cannot approve her own request with the same button.
    const refused = await s.answerTo(await s.press('alice', requestBlocks, 'Approve', { messageTs: '1700000000.7' }));
    expect(blockText(refused.blocks)).toContain('Only the people who run this Tally');
    expect(await s.h.db.ledgerEntry.count({ where: { kind: 'top_up' } })).toBe(1);
  });

  it('Decline opens a form for the reason, and the asker is told it', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.command('alice', '/credits', 'add 75');
    const request = await dmTo('carol', 'Top-up to approve');
    const forms = s.fake.callsOf('views.open').length;
    await s.press('carol', request.args.blocks as Block[], 'Decline');
    const opened = await s.fake.waitFor(() => s.fake.callsOf('views.open')[forms], 'the Decline form');
    const view = opened.args.view as { private_metadata: string; blocks: Block[]; title: { text: string } };
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['reason']);
    const submitted = await postSigned(
      s.port,
      asForm(
        viewSubmissionPayload('carol', view, {
          reason: { type: 'plain_text_input', value: 'no <!channel> transfer yet' },
        }),
      ),
    );
    expect(submitted.status).toBe(200);
    const told = await dmTo('alice', 'Top-up declined');
    // What the operator typed is shown, escaped, never obeyed.
    expect(blockText(told.args.blocks as Block[])).toContain(
      'carol declined your request to add *75.00* credits to *Acme*: no &lt;!channel&gt; transfer yet',
    );
    expect(await s.h.db.topUpRequest.findFirstOrThrow()).toMatchObject({ status: 'declined' });
    expect((await s.h.teamNamed('Acme')).balanceCents).toBe(0);
  });

  it('a team named to ping everyone is shown to the operator as typed, pinging nobody', async () => {
    const name = '<!channel> @everyone <script>x</script>';
    await s.command('alice', '/team', `create "${name}"`);
    await s.command('alice', '/credits', `add 5 team:"${name}"`);
    const request = await dmTo('carol', 'Top-up to approve');
    const sent = JSON.stringify(request.args.blocks);
    expect(sent).toContain('&lt;!channel&gt; @everyone &lt;script&gt;x&lt;/script&gt;');
    expect(sent).not.toMatch(/<[!@#]|<script/);
  });
});
