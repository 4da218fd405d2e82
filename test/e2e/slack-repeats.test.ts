import { describe, expect, it } from 'vitest';
import { ALREADY_HANDLED } from '../../src/inbound/handle-inbound.ts';
import { asForm, slashCommand, viewSubmissionPayload } from '../fixtures/slack-payloads.ts';
import { postSigned } from '../support/fake-slack.ts';
import { type Block, blockText, useSlack } from '../support/slack-harness.ts';

type View = { private_metadata: string; blocks: Block[] };

/** What Slack showed for each answer on a response_url, in order. */
const texts = (bodies: { body: Record<string, unknown> }[]) => bodies.map((r) => blockText(r.body.blocks as Block[]));

describe('a request Slack sends twice acts once, and the repeat is told so', () => {
  const s = useSlack('http');

  it('a slash command with the same trigger: one top-up, one answer, and "Already handled." in the ack', async () => {
    await s.command('alice', '/team', 'create Acme');
    const body = slashCommand('alice', '/credits', 'add 12', s.fake.responseUrl('twice'), 'trigger-twice-1');
    const first = await postSigned(s.port, body);
    const repeat = await postSigned(s.port, body);
    expect([first.status, repeat.status]).toEqual([200, 200]);
    expect(first.text).toBe(''); // a plain ack: the answer follows on the response_url
    // The repeat's acknowledgement carries the notice, shown to the person alone, as Discord's does.
    const notice = JSON.parse(repeat.text) as { response_type: string; blocks: Block[] };
    expect(notice.response_type).toBe('ephemeral');
    expect(blockText(notice.blocks)).toContain(ALREADY_HANDLED);
    await s.fake.waitFor(() => s.fake.responses.find((r) => r.id === 'twice'), 'the answer');
    await new Promise((done) => setTimeout(done, 300));
    expect(texts(s.fake.responses.filter((r) => r.id === 'twice'))).toEqual([expect.stringContaining('12.00')]);
    expect(await s.h.db.ledgerEntry.count()).toBe(1);
    expect((await s.h.teamNamed('Acme')).balanceCents).toBe(1200);
  });

  it('a form submitted twice (the same view): one team created, its answer, and one "Already handled."', async () => {
    await postSigned(s.port, slashCommand('alice', '/team', 'create', s.fake.responseUrl('form')));
    const view = (await s.fake.waitFor(() => s.fake.callsOf('views.open')[0], 'the form')).args.view as View;
    const submission = asForm(
      viewSubmissionPayload('alice', view, { name: { type: 'plain_text_input', value: 'Acme' } }),
    );
    expect((await postSigned(s.port, submission)).status).toBe(200);
    expect((await postSigned(s.port, submission)).status).toBe(200);
    const posted = () => s.fake.callsOf('chat.postEphemeral');
    await s.fake.waitFor(() => (posted().length === 2 ? true : undefined), 'the answer and the notice');
    const shown = posted().map((call) => blockText(call.args.blocks as Block[]));
    expect(shown.filter((text) => text.includes('Created *Acme*'))).toHaveLength(1);
    expect(shown.filter((text) => text.includes(ALREADY_HANDLED))).toHaveLength(1);
    expect(await s.h.db.team.count({ where: { name: 'Acme' } })).toBe(1);
  });
});
