import { describe, expect, it } from 'vitest';
import { USERS } from '../fixtures/slack-payloads.ts';
import { rowCounts } from '../support/row-counts.ts';
import { blockText, useSlack } from '../support/slack-harness.ts';

// Someone who never used Tally, as Slack escapes a mention of them in command text.
const GHOST = 'U999';
const PEOPLE_TABLES = ['User', 'Identity', 'Team', 'Membership', 'Role'];

describe('Slack: mentioning someone looks them up and creates nothing', () => {
  const s = useSlack('http');
  const people = async () => {
    const counts = await rowCounts(s.h.db);
    return Object.fromEntries(PEOPLE_TABLES.map((table) => [table, counts[table]]));
  };

  it.each([
    ['role', `role <@${GHOST}|ghost> Member`],
    ['remove', `remove <@${GHOST}|ghost>`],
    ['transfer', `transfer <@${GHOST}|ghost>`],
    ['role, mentioned without a name', `role <@${GHOST}> Member`],
    ['invite with a role the team lacks', `invite <@${GHOST}|ghost> role:wizard`],
  ])('/team %s of someone Tally never met answers politely and writes no person, team or role', async (_what, text) => {
    await s.command('alice', '/team', 'create Acme');
    const before = await people();
    const answer = await s.command('alice', '/team', text);
    expect(answer.response_type).toBe('ephemeral');
    expect(blockText(answer.blocks)).not.toContain('Something went wrong');
    if (!text.startsWith('invite')) expect(blockText(answer.blocks)).toMatch(/has never used Tally/);
    expect(await people()).toEqual(before);
  });

  it('/team invite @newcomer still reaches them by DM (the invitation is addressed to their new user)', async () => {
    await s.command('alice', '/team', 'create Acme');
    const sent = await s.command('alice', '/team', `invite <@${GHOST}|ghost>`);
    expect(blockText(sent.blocks)).toContain('Invited ghost to *Acme* as Member');
    await s.fake.waitFor(
      () => s.fake.callsOf('chat.postMessage').find((c) => c.args.channel === `D${GHOST}`),
      'the DM to ghost',
    );
    const ghost = await s.h.db.identity.findFirstOrThrow({ where: { platform: 'slack', platformUserId: GHOST } });
    expect(await s.h.db.invitation.count({ where: { inviteeId: ghost.userId, status: 'pending' } })).toBe(1);
  });

  it('a known member mentioned by a different label keeps the name Tally has for them', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.joinByInvite('alice', 'bob');
    const changed = await s.command('alice', '/team', `role <@${USERS.bob.id}|someone-else> Co-Owner`);
    expect(blockText(changed.blocks)).toContain('bob is now Co-Owner');
  });
});
