import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.ts';
import { parseCommandLine } from '../../src/commands/parse-line.ts';
import { type Person, USERS } from '../fixtures/slack-payloads.ts';
import { blockText, buttonIn, useSlack } from '../support/slack-harness.ts';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoSDPnXWuCVd8aM8hCiv1eeq5DQpBvGb9r6CAxcqWXy bob@laptop';
const bob = `<@${USERS.bob.id}|bob>`;
const carol = `<@${USERS.carol.id}|carol>`;

/** Every visible command of SPEC §3, typed in Slack, with what its answer must say and who sees it. */
const STEPS: [Person, string, string, string, 'ephemeral' | 'in_channel'][] = [
  ['alice', '/team', 'help', '/team commands', 'ephemeral'],
  ['alice', '/team', 'create Acme description:"GPU research"', 'Created *Acme*', 'ephemeral'],
  ['alice', '/team', 'list', '▶ *Acme*', 'ephemeral'],
  ['alice', '/team', 'info', 'GPU research', 'ephemeral'],
  ['alice', '/team', 'edit description:"Vision and LLMs"', 'Saved. *Acme*: Vision and LLMs', 'ephemeral'],
  ['alice', '/team', 'invite role:co-owner', 'Invite link for *Acme*', 'ephemeral'],
  ['alice', '/team', 'invite regenerate', 'Invite link for *Acme*', 'ephemeral'],
  ['alice', '/team', 'invite disable', 'Disabled 1 invite link of *Acme*', 'ephemeral'],
  ['alice', '/team', 'invite post uses:10', 'alice invites you to join *Acme*', 'in_channel'],
  ['alice', '/team', `invite ${carol}`, 'Invited carol to *Acme* as Member', 'ephemeral'],
  ['carol', '/team', 'invitations', 'For you: *Acme* as Member, from alice', 'ephemeral'],
  ['alice', '/team', 'invitations', 'Sent by Acme: carol as Member', 'ephemeral'],
  ['alice', '/team', 'invite cancel INVITATION', 'Cancelled the invitation of carol', 'ephemeral'],
  ['bob', '/team', 'join CODE', 'Welcome to *Acme*! You joined as Member.', 'ephemeral'],
  ['bob', '/team', 'switch Acme', 'Your active team is now *Acme*', 'ephemeral'],
  ['alice', '/team', 'members', '*bob*: Member', 'ephemeral'],
  ['alice', '/team', 'roles', '*Co-Owner*', 'ephemeral'],
  ['alice', '/team', 'role-create Auditor logs.view', 'Created the role *Auditor*', 'ephemeral'],
  [
    'alice',
    '/team',
    'role-edit auditor permissions:logs.view,billing.view',
    'Saved the role *Auditor*: billing.view, logs.view',
    'ephemeral',
  ],
  ['alice', '/team', `role ${bob} auditor`, 'bob is now Auditor in *Acme* (was Member)', 'ephemeral'],
  ['alice', '/team', `role ${bob} co-owner`, 'bob is now Co-Owner', 'ephemeral'],
  ['alice', '/team', 'role-delete auditor', 'Deleted the role *auditor*', 'ephemeral'],
  [
    'alice',
    '/team',
    'settings type:company company:"Acme SAS" address:"1 rue X, Lyon"',
    'Saved the settings of *Acme*',
    'ephemeral',
  ],
  ['alice', '/team', 'apikey create ci', 'Copy it now', 'ephemeral'],
  ['alice', '/team', 'apikey list', '*ci* `tly_', 'ephemeral'],
  ['alice', '/team', 'apikey revoke ci', 'Revoked *ci*', 'ephemeral'],
  ['alice', '/credits', 'help', '/credits commands', 'ephemeral'],
  ['alice', '/credits', 'add 50', 'Added *50.00* credits to *Acme*', 'ephemeral'],
  ['bob', '/credits', 'balance', '*Acme* has *50.00* credits', 'ephemeral'],
  ['alice', '/credits', 'alert 20 <#C00FAKEOPS|ops>', 'will alert below *20.00*', 'ephemeral'],
  ['alice', '/credits', 'requests', 'No top-up request is waiting for an operator.', 'ephemeral'],
  ['alice', '/credits', 'autopay', 'this Tally takes no card payments: it is *off*', 'ephemeral'],
  ['alice', '/credits', 'autopay 50 below:20', 'this Tally takes no card payments', 'ephemeral'],
  ['alice', '/credits', 'autopay card', 'this Tally takes no card payments', 'ephemeral'],
  ['alice', '/credits', 'autopay off', 'Automatic top-up was already off for *Acme*', 'ephemeral'],
  ['alice', '/credits', 'grant 5 welcome team:TNOSUCH00', 'No team has the id `TNOSUCH00`', 'ephemeral'],
  ['alice', '/credits', 'adjust -5 double charge team:TNOSUCH00', 'No team has the id `TNOSUCH00`', 'ephemeral'],
  ['alice', '/launch', 'help', '/launch commands', 'ephemeral'],
  ['alice', '/launch', 'catalog', 'instance `h100`', 'ephemeral'],
  [
    'alice',
    '/resources',
    `sshkey add laptop ${KEY}`,
    'SHA256:jAdKxaBU2+BPDseTcw8S/Zeq7fGRcAryFCtnVdfFFQk',
    'ephemeral',
  ],
  ['alice', '/resources', 'sshkey list', '*laptop*', 'ephemeral'],
  ['bob', '/launch', 'instance h100 train-1 laptop', 'Launched instance *train-1* in *Acme*', 'ephemeral'],
  ['bob', '/launch', 'inference llama-3.1-8b chat', 'Launched inference *chat*', 'ephemeral'],
  ['bob', '/launch', 'volume 100 data', 'Launched volume *data*', 'ephemeral'],
  ['alice', '/resources', 'help', '/resources commands', 'ephemeral'],
  ['alice', '/resources', 'list', '*train-1*: instance h100', 'ephemeral'],
  ['alice', '/resources', 'stop chat', 'Stopped *chat*', 'ephemeral'],
  ['alice', '/resources', 'sshkey remove laptop', 'Removed SSH key *laptop*', 'ephemeral'],
  ['alice', '/credits', 'history', 'Charge', 'ephemeral'],
  ['alice', '/credits', 'invoices', '2026-000001', 'ephemeral'],
  ['alice', '/credits', 'statement', 'Statement of *Acme* for November 2026', 'ephemeral'],
  ['alice', '/credits', 'invoice 2026-000001', 'Invoice 2026-000001 of *Acme*', 'ephemeral'],
  ['alice', '/team', 'logs 50', 'launched instance *train-1*', 'ephemeral'],
  ['alice', '/team', `remove ${bob}`, 'Removed bob from *Acme*', 'ephemeral'],
  ['alice', '/team', `transfer ${carol}`, 'carol is not a member of Acme', 'ephemeral'],
  ['alice', '/team', 'create Spare', 'Created *Spare*', 'ephemeral'],
  ['alice', '/team', 'delete', 'Delete *Spare*?', 'ephemeral'],
  ['alice', '/team', 'leave team:Spare', 'You own Spare', 'ephemeral'],
];

describe('every command over Slack', () => {
  const s = useSlack('http');

  it('answers each command of SPEC §3 with the right message, to the right audience', async () => {
    let code = '';
    let invitation = '';
    for (const [who, command, rawText, expected, audience] of STEPS) {
      const text = rawText.replace('CODE', code).replace('INVITATION', invitation);
      const answer = await s.command(who, command, text);
      const shown = blockText(answer.blocks);
      expect({ command: `${command} ${text}`, shown: shown.includes(expected) ? expected : shown }).toEqual({
        command: `${command} ${text}`,
        shown: expected,
      });
      expect([`${command} ${text}`, answer.response_type]).toEqual([`${command} ${text}`, audience]);
      if (text.startsWith('invite post')) code = JSON.parse(buttonIn(answer.blocks, 'Join team').value).a.code;
      if (text === 'invitations' && who === 'alice')
        invitation = JSON.parse(buttonIn(answer.blocks, 'Cancel').value).a.invitation;
    }
  }, 60_000);

  it('every button Tally offers along the way works when pressed, and unknown commands are answered', async () => {
    const seen = new Map<string, { blocks: Parameters<typeof buttonIn>[0]; who: Person }>();
    for (const [who, command, text] of STEPS.filter(([, _c, t]) => !t.includes('CODE') && !t.includes('INVITATION'))) {
      const answer = await s.command(who, command, text);
      for (const block of answer.blocks)
        for (const element of block.elements ?? [])
          if (typeof element.text === 'object') seen.set(element.text.text, { blocks: answer.blocks, who });
    }
    expect(seen.size).toBeGreaterThanOrEqual(10);
    for (const [label, { blocks, who }] of seen) {
      const opened = s.fake.callsOf('views.open').length;
      const id = await s.press(who, blocks, label);
      const outcome = await s.fake.waitFor(
        () =>
          s.fake.responses.find((r) => r.id === id)?.body ?? (s.fake.callsOf('views.open').length > opened && 'form'),
        `pressing ${label}`,
      );
      if (outcome !== 'form')
        expect([label, blockText((outcome as { blocks: Parameters<typeof blockText>[0] }).blocks)]).not.toEqual([
          label,
          expect.stringMatching(/no longer valid|went wrong on our side/),
        ]);
    }
    const unknown = await s.command('alice', '/frobnicate', 'now');
    expect(blockText(unknown.blocks)).toContain("I don't know /frobnicate");
  }, 90_000);

  it('covers every visible command', () => {
    const covered = new Set(
      STEPS.map(([, command, text]) => {
        const parsed = parseCommandLine(`${command} ${text}`, () => undefined);
        return parsed.ok ? parsed.command.path : '';
      }),
    );
    expect(
      COMMANDS.filter((c) => !c.hidden)
        .map((c) => c.path)
        .filter((path) => !covered.has(path)),
    ).toEqual([]);
  });
});
