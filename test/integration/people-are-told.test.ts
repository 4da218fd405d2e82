import { describe, expect, it } from 'vitest';
import { teamWith, textOf, useHarness } from '../support/harness.ts';

describe('rough spots people hit', () => {
  const h = useHarness();

  it('a brand-new team is not "below its threshold" at 0.00: it has no credits yet', async () => {
    await h.run('alice', '/team create Acme');
    const fresh = await h.run('alice', '/credits');
    expect(fresh.tone).toBe('info');
    expect(fresh.text).toContain('has no credits yet');
    expect(textOf(fresh)).not.toContain('below its low-balance threshold');
    await h.run('alice', '/credits add 5');
    expect(textOf(await h.run('alice', '/credits'))).toContain(
      'Acme has 5.00 credits, below its low-balance threshold',
    );
  });

  it('the one whose checkout failed is answered inline; only the other billing roles are alerted', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'co-owner' });
    const failed = await h.run('alice', '/launch instance h100 box');
    expect(failed.title).toBe('Checkout failed');
    expect(failed.text).not.toContain('Checkout failed');
    const rows = await h.db.outboxMessage.findMany({ where: { key: { startsWith: 'checkout-failed:' } } });
    expect(rows.map((r) => r.recipient)).toEqual(['bob']);
  });

  it('a personal team, or one with running resources, is refused before any confirmation', async () => {
    await h.run('alice', '/credits add 50');
    const personal = await h.run('alice', '/team delete');
    expect(personal.tone).toBe('error');
    expect(personal.text).toContain('personal team cannot be deleted');
    expect(personal.buttons ?? []).toEqual([]);
    await h.run('alice', '/team create Acme');
    await h.run('alice', '/credits add 50');
    await h.run('alice', '/launch volume 10 data');
    const running = await h.run('alice', '/team delete');
    expect(running.tone).toBe('error');
    expect(running.text).toContain('still has 1 running resource');
    expect(running.buttons ?? []).toEqual([]);
  });

  it('people are told by DM when their role changes, they are removed, or a team is handed to them', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member', carol: 'member' });
    h.sent.length = 0;
    await h.run('alice', '/team role @bob co-owner');
    await h.run('alice', '/team remove @carol');
    const ask = await h.run('alice', '/team transfer @bob');
    await h.press('alice', ask, 'Transfer to bob');
    expect(h.sent.map((s) => `${s.to}: ${s.message.title}: ${s.message.text}`)).toEqual([
      'bob: Your role changed: alice made you Co-Owner in *Acme* (you were Member).',
      'carol: Removed from a team: alice removed you from *Acme*. Your other teams are unchanged; see `/team list`.',
      'bob: You own a team now: alice made you the Owner of *Acme*; they stay on as Co-Owner. You can now delete the team and transfer it again.',
    ]);
  });

  it('leaving while one\'s own resources run asks first; "Leave anyway" leaves', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await h.run('alice', '/credits add 50 team:Acme');
    await h.run('bob', '/launch volume 10 data team:Acme');
    const ask = await h.run('bob', '/team leave team:Acme');
    expect(ask.tone).toBe('warning');
    expect(ask.text).toContain('keep running and charging the team after you leave: data');
    expect(await h.db.membership.count({ where: { team: { name: 'Acme' } } })).toBe(2);
    expect((await h.press('bob', ask, 'Leave anyway')).text).toContain('You left *Acme*');
    expect(await h.db.membership.count({ where: { team: { name: 'Acme' } } })).toBe(1);
  });

  it('a member is told that /team invitations lists only invitations to them', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await h.run('alice', '/team invite @carol');
    const forBob = await h.run('bob', '/team invitations team:Acme');
    expect(forBob.text).toContain('No pending invitations. This lists invitations to you');
    expect((await h.run('alice', '/team invitations')).text).toBe('1 pending invitation.');
  });
});

describe('resources say how to reach them', () => {
  const h = useHarness();
  const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoSDPnXWuCVd8aM8hCiv1eeq5DQpBvGb9r6CAxcqWXy bob@laptop';

  it('an instance shows its ssh line and key, an inference endpoint its URL, at launch and in /resources', async () => {
    await h.run('alice', '/credits add 50');
    await h.run('alice', `/resources sshkey add laptop ${KEY}`);
    const launched = textOf(await h.run('alice', '/launch instance h100 train-1 laptop'));
    expect(launched).toMatch(/Connect: ssh ubuntu@203\.0\.113\.\d+/);
    expect(launched).toContain('SSH key: laptop (SHA256:jAdKxaBU2+BPDseTcw8S/Zeq7fGRcAryFCtnVdfFFQk)');
    const chat = textOf(await h.run('alice', '/launch inference llama-3.1-8b chat'));
    expect(chat).toMatch(/Endpoint: http:\/\/203\.0\.113\.\d+:8000\/v1/);
    const listed = textOf(await h.run('alice', '/resources'));
    expect(listed).toMatch(/Connect: ssh ubuntu@203\.0\.113\.\d+/);
    expect(listed).toMatch(/Endpoint: http:\/\/203\.0\.113\.\d+:8000\/v1/);
    const row = await h.db.resource.findFirstOrThrow({ where: { name: 'train-1' } });
    expect([row.sshUser, row.sshPort]).toEqual(['ubuntu', 22]);
    expect(textOf(await h.run('alice', '/launch instance h100 keyless'))).toContain(
      'SSH key: none was given at launch',
    );
  });
});
