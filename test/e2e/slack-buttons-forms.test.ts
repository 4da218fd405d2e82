import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../../src/jobs/drain-outbox.ts';
import { asForm, slashCommand, USERS, viewSubmissionPayload } from '../fixtures/slack-payloads.ts';
import { postSigned } from '../support/fake-slack.ts';
import { type Block, blockText, buttonIn, useSlack } from '../support/slack-harness.ts';

type View = { private_metadata: string; blocks: Block[]; title: { text: string } };

describe('Slack buttons and forms', () => {
  const s = useSlack('http');

  async function openFormBy(who: 'alice' | 'bob' | 'carol', command: string, text: string): Promise<View> {
    const before = s.fake.callsOf('views.open').length;
    await postSigned(s.port, slashCommand(who, command, text, s.fake.responseUrl(`form-${before}`)));
    const call = await s.fake.waitFor(() => s.fake.callsOf('views.open')[before], `the form of ${command} ${text}`);
    return call.args.view as View;
  }

  async function submit(who: 'alice' | 'bob' | 'carol', view: View, values: Record<string, Record<string, unknown>>) {
    const before = s.fake.callsOf('chat.postEphemeral').length;
    const answer = await postSigned(s.port, asForm(viewSubmissionPayload(who, view, values)));
    expect(answer.status).toBe(200);
    const posted = await s.fake.waitFor(() => s.fake.callsOf('chat.postEphemeral')[before], 'the answer to the form');
    expect(posted.args.user).toBe(USERS[who].id);
    return blockText(posted.args.blocks as Block[]);
  }

  it('team create, role change and settings work as forms', async () => {
    const create = await openFormBy('alice', '/team', 'create');
    expect(create.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['name', 'description']);
    expect(
      await submit('alice', create, {
        name: { type: 'plain_text_input', value: 'Acme' },
        description: { type: 'plain_text_input', value: 'Research' },
      }),
    ).toContain('Created *Acme*');

    await s.joinByInvite('alice', 'bob');
    const role = await openFormBy('alice', '/team', 'role');
    expect(JSON.stringify(role.blocks)).toContain('"type":"users_select"');
    expect(
      await submit('alice', role, {
        person: { type: 'users_select', selected_user: USERS.bob.id },
        role: { type: 'plain_text_input', value: 'co-owner' },
      }),
    ).toContain('bob is now Co-Owner in *Acme*');

    const settings = await s.command('alice', '/team', 'settings');
    await s.press('alice', settings.blocks, 'Edit');
    const form = (await s.fake.waitFor(() => s.fake.callsOf('views.open')[2], 'the settings form')).args.view as View;
    expect(form.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['address', 'type', 'company', 'taxid']);
    const bad = await postSigned(
      s.port,
      asForm(
        viewSubmissionPayload('alice', form, {
          type: { type: 'static_select', selected_option: { value: 'company' } },
        }),
      ),
    );
    expect(bad.status).toBe(200); // valid options; the missing company name is the core's answer, sent after the ack
    const answer = await s.fake.waitFor(() => s.fake.callsOf('chat.postEphemeral')[2], 'the settings answer');
    expect(blockText(answer.args.blocks as Block[])).toContain('needs the company name');
    expect(
      await submit('alice', form, {
        type: { type: 'static_select', selected_option: { value: 'company' } },
        company: { type: 'plain_text_input', value: 'Acme SAS' },
        taxid: { type: 'plain_text_input', value: 'FR 40 123456789' },
      }),
    ).toMatch(/\*Company\*\nAcme SAS[\s\S]*\*Tax id\*\nFR 40 123456789/);
  });

  it('buttons: public Join team, Stop with confirmation, Delete, and a foreign click that changes nothing', async () => {
    await s.command('alice', '/team', 'create Acme');
    const post = await s.command('alice', '/team', 'invite post');
    expect(post.response_type).toBe('in_channel');
    const joined = await s.answerTo(await s.press('carol', post.blocks, 'Join team'));
    expect(blockText(joined.blocks)).toContain('Welcome to *Acme*');
    expect(joined.response_type).toBe('ephemeral');

    await s.command('alice', '/credits', 'add 10');
    const launched = await s.command('alice', '/launch', 'instance h100 box');
    expect(buttonIn(launched.blocks, 'Stop').confirm).toBeDefined();
    const stopped = await s.answerTo(await s.press('alice', launched.blocks, 'Stop'));
    expect(blockText(stopped.blocks)).toContain('Stopped *box*');

    const ask = await s.command('alice', '/team', 'delete');
    const foreign = await s.answerTo(await s.press('carol', ask.blocks, 'Delete Acme'));
    expect(blockText(foreign.blocks)).toContain('needs the *team.delete* permission');
    expect((await s.h.teamNamed('Acme')).deletedAt).toBeNull();
    const deleted = await s.answerTo(await s.press('alice', ask.blocks, 'Delete Acme'));
    expect(blockText(deleted.blocks)).toContain('*Acme* has been deleted');
  });

  it('Notify owners DMs the billing roles with Top up and View balance', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.joinByInvite('alice', 'bob');
    const failed = await s.command('bob', '/launch', 'instance h100 x team:Acme');
    await drainOutbox(s.h.deps);
    const alertDm = await s.fake.waitFor(
      () => s.fake.callsOf('chat.postMessage').find((c) => c.args.channel === `D${USERS.alice.id}`),
      'the checkout-failure DM',
    );
    expect(blockText(alertDm.args.blocks as Block[])).toContain(
      'bob tried to launch instance ‘x’ in *Acme*: needs 2.49, balance 0.00.',
    );
    const told = await s.answerTo(await s.press('bob', failed.blocks, 'Notify owners'));
    expect(blockText(told.blocks)).toContain('Told alice that *Acme* needs credits');
    const request = await s.fake.waitFor(
      () => s.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === `D${USERS.alice.id}`)[1],
      'the request DM',
    );
    const blocks = request.args.blocks as Block[];
    expect(blockText(blocks)).toContain('[Top up]');
    const balance = await s.answerTo(await s.press('alice', blocks, 'View balance'));
    expect(blockText(balance.blocks)).toContain('*Acme* has no credits yet');
  });
});
