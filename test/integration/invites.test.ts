import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/clock.ts';
import { hashInviteCode } from '../../src/invites/invite-code.ts';
import { findButton, teamWith, textOf, useHarness } from '../support/harness.ts';

const codeOf = (fields: { label: string; value: string }[] | undefined) =>
  fields?.find((f) => f.label === 'Code')?.value ?? '';

describe('invite links', () => {
  const h = useHarness();

  it('creates a link shown once, stores only its hash, and lets people join by code or URL', async () => {
    await h.run('alice', '/team create Acme');
    const first = await h.run('alice', '/team invite');
    const code = codeOf(first.fields);
    expect(code).toMatch(/^TALLY(-[0-9A-Z]{4}){4}$/);
    expect(first.text).toContain(`https://tally.example/join/${code}`);
    const stored = await h.db.inviteLink.findFirstOrThrow();
    expect(stored.codeHash).toBe(hashInviteCode(code));
    expect(JSON.stringify(stored)).not.toContain(code.slice(6));

    const again = await h.run('alice', '/team invite');
    expect(textOf(again)).toContain('Codes are shown only once');
    expect(textOf(again)).not.toContain(code);

    expect(textOf(await h.run('bob', `/team join ${code.toLowerCase()}`))).toContain('Welcome to Acme');
    expect(textOf(await h.run('carol', `/team join https://tally.example/join/${code}`))).toContain('Welcome to Acme');
    expect((await h.db.inviteLink.findFirstOrThrow()).uses).toBe(2);
  });

  it('gives a distinct answer for each way a code can fail, and writes nothing', async () => {
    await h.run('alice', '/team create Acme');
    const old = codeOf((await h.run('alice', '/team invite')).fields);
    const regenerated = await h.run('alice', '/team invite regenerate');
    const current = codeOf(regenerated.fields);
    expect(current).not.toBe(old);

    const members = () => h.db.membership.count({ where: { team: { name: 'Acme' } } });
    const before = await members();
    const answers = {
      unknown: await h.run('bob', '/team join TALLY-0000-0000-0000-0000'),
      replaced: await h.run('bob', `/team join ${old}`),
      owner: await h.run('alice', `/team join ${current}`),
    };
    expect(answers.unknown.text).toContain("That invite code doesn't exist");
    expect(answers.replaced.text).toContain('has been disabled or replaced');
    expect(answers.owner.text).toContain('You are already a member of Acme');

    const limited = codeOf((await h.run('alice', '/team invite uses:1 expires:1h')).fields);
    expect(textOf(await h.run('bob', `/team join ${limited}`))).toContain('Welcome');
    expect((await h.run('carol', `/team join ${limited}`)).text).toContain('used its maximum 1 times');

    const expiring = codeOf((await h.run('alice', '/team invite expires:2h')).fields);
    h.clock.advance(2 * HOUR + 1);
    expect((await h.run('dave', `/team join ${expiring}`)).text).toContain('expired');

    const disabled = codeOf((await h.run('alice', '/team invite regenerate')).fields);
    expect(textOf(await h.run('alice', '/team invite disable'))).toContain('Disabled');
    expect((await h.run('erin', `/team join ${disabled}`)).text).toContain('has been disabled or replaced');

    expect(await members()).toBe(before + 1); // only bob got in
  });

  it('never grants Owner, and grants the chosen role', async () => {
    await h.run('alice', '/team create Acme');
    expect((await h.run('alice', '/team invite role:owner')).text).toContain('never make someone Owner');
    expect(await h.db.inviteLink.count()).toBe(0);
    const code = codeOf((await h.run('alice', '/team invite role:co-owner')).fields);
    expect(textOf(await h.run('bob', `/team join ${code}`))).toContain('You joined as Co-Owner');
  });

  it('admits exactly one of two simultaneous joiners on a one-use link', async () => {
    await h.run('alice', '/team create Acme');
    const code = codeOf((await h.run('alice', '/team invite uses:1')).fields);
    await Promise.all([h.run('u1', '/team list'), h.run('u2', '/team list')]);
    const answers = await Promise.all([h.run('u1', `/team join ${code}`), h.run('u2', `/team join ${code}`)]);
    expect(answers.filter((a) => a.tone === 'success')).toHaveLength(1);
    expect((await h.db.inviteLink.findFirstOrThrow()).uses).toBe(1);
  });

  it('posts a public Join team message that community members can press', async () => {
    await h.run('alice', '/team create Guild');
    const post = await h.run('alice', '/team invite post uses:2');
    expect(post.ephemeral).toBe(false);
    expect(post.text).toContain('alice invites you to join *Guild*');
    expect(textOf(await h.press('bob', post, 'Join team'))).toContain('Welcome to Guild');
    expect(textOf(await h.press('carol', post, 'Join team'))).toContain('Welcome to Guild');
    expect((await h.press('dave', post, 'Join team')).text).toContain('used its maximum 2 times');
  });

  it('an expired or used-up link is not shown as active: /team invite makes a new one', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/team invite expires:1h');
    h.clock.advance(2 * HOUR);
    const again = await h.run('alice', '/team invite');
    expect(again.fields?.find((f) => f.label === 'Code')?.value).toMatch(/^TALLY-/);
  });
});

describe('direct invitations', () => {
  const h = useHarness();

  it('DMs the invitee with Accept / Decline; accepting joins with the role, once', async () => {
    await h.run('alice', '/team create Acme');
    const sent = await h.run('alice', '/team invite @bob co-owner');
    expect(textOf(sent)).toContain('Invited bob to Acme as Co-Owner');
    const dm = h.sent.find((s) => s.to === 'bob')!.message;
    expect(dm.text).toBe('alice invited you to join *Acme* as Co-Owner.');
    expect(textOf(await h.press('carol', dm, 'Accept'))).toContain('addressed to someone else');
    expect(textOf(await h.press('bob', dm, 'Accept'))).toContain('You joined as Co-Owner');
    expect((await h.press('bob', dm, 'Accept')).text).toContain('already accepted');
    expect(await h.db.membership.count({ where: { team: { name: 'Acme' } } })).toBe(2);
  });

  it('lists pending invitations, cancels, declines and expires them', async () => {
    await h.run('alice', '/team create Acme');
    await h.run('alice', '/team invite @bob');
    await h.run('alice', '/team invite @carol');
    await h.run('alice', '/team invite @dave');
    expect((await h.run('alice', '/team invite @bob')).text).toContain('already has a pending invitation');

    const list = await h.run('alice', '/team invitations');
    expect(list.items?.map((i) => i.text).join('\n')).toMatch(
      /bob as Member[\s\S]*carol as Member[\s\S]*dave as Member/,
    );
    expect(
      textOf(
        await h.invoke('alice', 'team invite cancel', findButton({ ...list, items: [list.items![0]!] }, 'Cancel').args),
      ),
    ).toContain('Cancelled the invitation of bob');

    const carolDm = h.sent.find((s) => s.to === 'carol')!.message;
    expect(textOf(await h.press('carol', carolDm, 'Decline'))).toContain('You declined');

    h.clock.advance(7 * DAY + 1);
    const daveDm = h.sent.find((s) => s.to === 'dave')!.message;
    expect((await h.press('dave', daveDm, 'Accept')).text).toContain('has expired');

    const bobDm = h.sent.find((s) => s.to === 'bob')!.message;
    expect((await h.press('bob', bobDm, 'Accept')).text).toContain('already cancelled');
    expect(await h.db.membership.count({ where: { team: { name: 'Acme' } } })).toBe(1);
  });
});
