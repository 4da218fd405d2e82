import { describe, expect, it } from 'vitest';
import { authenticateApiKey, LAST_USED_RESOLUTION_MS } from '../../src/apikeys/api-keys.ts';
import {
  ABANDONED_AFTER_MS,
  answerOnce,
  IDEMPOTENCY_RETENTION_MS,
  type StoredAnswer,
} from '../../src/apikeys/idempotent-requests.ts';
import { MINUTE } from '../../src/clock.ts';
import { isTallyError } from '../../src/errors.ts';
import { pruneRecords } from '../../src/jobs/prune-records.ts';
import { plainText } from '../../src/rich-text.ts';
import { authorizeTeam } from '../../src/teams/team-context.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';

const TOKEN = /tly_[0-9a-z]{8}_[0-9a-z]{32}/;

describe('API keys act with a role of their own', () => {
  const h = useHarness();

  async function newKey(user: string, line: string) {
    const created = await h.run(user, line);
    const token = TOKEN.exec(created.text)?.[0];
    if (!token) throw new Error(textOf(created));
    return { created, token };
  }

  it('acts as Member by default, as a user of its own named after it, and never as Owner', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    const { created, token } = await newKey('alice', '/team apikey create ci');
    expect(created.text).toContain('acting as Member');
    const caller = await authenticateApiKey(h.deps, token);
    expect(caller?.team.team.id).toBe(team.id);
    expect(caller?.actor.displayName).toBe('API key ci');
    expect([...(caller?.team.permissions ?? [])].sort()).toEqual([
      'resources.launch',
      'resources.manage',
      'resources.view',
    ]);
    // The key's user is nobody's member and nobody's identity: it cannot be talked to or listed.
    expect(await h.db.membership.count({ where: { userId: caller!.actor.userId } })).toBe(0);
    expect(await h.db.identity.count({ where: { userId: caller!.actor.userId } })).toBe(0);
    expect(textOf(await h.run('alice', '/team members'))).not.toContain('API key');

    // A refusal names the key's role, not "your role".
    const denied = (() => {
      try {
        authorizeTeam(caller!.team, 'billing.view');
      } catch (error) {
        return error;
      }
    })();
    expect(isTallyError(denied) && plainText(denied.text)).toBe(
      "In Acme this needs the billing.view permission (see balance, ledger history and invoices), and API key ci's role Member doesn't have it.",
    );

    expect((await h.run('alice', '/team apikey create boss role:Owner')).text).toBe(
      'An API key cannot act as Owner: give it Co-Owner, Member or a custom role.',
    );
    const { created: coOwner } = await newKey('alice', '/team apikey create billing role:co-owner');
    expect(coOwner.text).toContain('acting as Co-Owner');
    const list = textOf(await h.run('alice', '/team apikey list'));
    expect(list).toContain('ci');
    expect(list).toContain('Role: Member');
    expect(list).toContain('Role: Co-Owner');
    expect(list).toContain('Last used: about 2026-11-25');
  });

  it('gives a key only rights its maker holds', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'Member' });
    await h.run('alice', '/team role-create Keymaster permissions:apikeys.manage,resources.view');
    await h.run('alice', '/team role @bob Keymaster');
    const refused = await h.run('bob', '/team apikey create ci role:Co-Owner team:Acme');
    expect(refused.text).toContain('The role Co-Owner holds billing.view, billing.manage, members.invite');
    expect(refused.text).toContain("which your role Keymaster doesn't: a key gets only rights you have.");
    expect(await h.db.apiKey.count()).toBe(0);
    await newKey('bob', '/team apikey create viewer role:Keymaster team:Acme');
  });

  it('is refused once revoked or once its team is deleted', async () => {
    await teamWith(h, 'alice', 'Acme');
    const { token } = await newKey('alice', '/team apikey create ci');
    const { token: other } = await newKey('alice', '/team apikey create deploy');
    await h.run('alice', '/team apikey revoke ci');
    expect(await authenticateApiKey(h.deps, token)).toBeNull();
    expect(await authenticateApiKey(h.deps, `${token.slice(0, -1)}x`)).toBeNull();
    expect(await authenticateApiKey(h.deps, 'Bearer nonsense')).toBeNull();
    expect(await authenticateApiKey(h.deps, other)).not.toBeNull();
    await h.run('alice', '/team delete team:Acme confirm:yes');
    expect(await authenticateApiKey(h.deps, other)).toBeNull();
  });

  it('records "last used" at most once per ten minutes', async () => {
    await teamWith(h, 'alice', 'Acme');
    const { token } = await newKey('alice', '/team apikey create ci');
    const lastUsed = async () => (await h.db.apiKey.findFirstOrThrow()).lastUsedAt?.toISOString();
    expect(await lastUsed()).toBeUndefined();
    await Promise.all([1, 2, 3].map(() => authenticateApiKey(h.deps, token)));
    const first = await lastUsed();
    expect(first).toBe(h.clock.now().toISOString());
    h.clock.advance(LAST_USED_RESOLUTION_MS - MINUTE);
    await authenticateApiKey(h.deps, token);
    expect(await lastUsed()).toBe(first);
    h.clock.advance(MINUTE);
    await authenticateApiKey(h.deps, token);
    expect(await lastUsed()).toBe(h.clock.now().toISOString());
  });

  it('keeps a custom role while a live key holds it', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/team role-create Viewer permissions:resources.view');
    await newKey('alice', '/team apikey create ci role:Viewer');
    expect((await h.run('alice', '/team role-delete Viewer')).text).toContain(
      'The role Viewer is held by API keys ci: revoke it with `/team apikey revoke` first.',
    );
    await h.run('alice', '/team apikey revoke ci');
    expect((await h.run('alice', '/team role-delete Viewer')).tone).toBe('success');
    const revoked = await h.db.apiKey.findFirstOrThrow({ include: { role: true } });
    expect(revoked.role.key).toBe('member');
  });
});

describe('requests with an Idempotency-Key are answered once', () => {
  const h = useHarness();

  async function keyId() {
    await teamWith(h, 'alice', 'Acme');
    const created = await h.run('alice', '/team apikey create ci');
    const caller = await authenticateApiKey(h.deps, TOKEN.exec(created.text)![0]);
    return caller!.key.id;
  }

  it('replays the first answer, refuses another request under the key, and says when one is running', async () => {
    const apiKeyId = await keyId();
    const ref = { apiKeyId, idempotencyKey: 'k-1', fingerprint: 'POST /resources {"a":1}' };
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const run = async (): Promise<StoredAnswer> => {
      runs += 1;
      await gate;
      return { status: 201, body: { launched: runs } };
    };
    const first = answerOnce(h.deps, ref, run);
    await expect.poll(() => h.db.idempotentRequest.count()).toBe(1);
    await expect(answerOnce(h.deps, ref, run)).rejects.toMatchObject({ code: 'idempotency_in_progress' });
    release();
    expect(await first).toEqual({ answer: { status: 201, body: { launched: 1 } }, replayed: false });
    expect(await answerOnce(h.deps, ref, run)).toEqual({
      answer: { status: 201, body: { launched: 1 } },
      replayed: true,
    });
    await expect(answerOnce(h.deps, { ...ref, fingerprint: 'POST /resources {"a":2}' }, run)).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    expect(runs).toBe(1);
  });

  it('keeps no claim when the request fails, and takes over one its process abandoned', async () => {
    const apiKeyId = await keyId();
    const ref = { apiKeyId, idempotencyKey: 'k-2', fingerprint: 'DELETE /resources/a' };
    await expect(
      answerOnce(h.deps, ref, async () => {
        throw new Error('cloud down');
      }),
    ).rejects.toThrow('cloud down');
    expect(await h.db.idempotentRequest.count()).toBe(0);
    const answered = await answerOnce(h.deps, ref, async () => ({ status: 503, body: { later: true } }));
    expect(answered.replayed).toBe(false);
    expect(await h.db.idempotentRequest.count()).toBe(0);

    // A claim left without an answer (its process died) holds only until it is abandoned.
    await h.db.idempotentRequest.create({ data: { ...ref, createdAt: h.clock.now() } });
    const retry = () => answerOnce(h.deps, ref, async () => ({ status: 200, body: { stopped: true } }));
    await expect(retry()).rejects.toMatchObject({ code: 'idempotency_in_progress' });
    h.clock.advance(ABANDONED_AFTER_MS);
    expect(await retry()).toEqual({ answer: { status: 200, body: { stopped: true } }, replayed: false });
    expect(await retry()).toMatchObject({ replayed: true });

    h.clock.advance(IDEMPOTENCY_RETENTION_MS + MINUTE);
    expect(await pruneRecords(h.deps)).toEqual({ commands: 0, idempotentRequests: 1 });
    expect(await h.db.idempotentRequest.count()).toBe(0);
  });
});
