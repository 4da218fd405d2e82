import { describe, expect, it } from 'vitest';
import { asForm, blockActionPayload, slashCommand } from '../fixtures/slack-payloads.ts';
import { postSigned } from '../support/fake-slack.ts';
import { rowCounts } from '../support/row-counts.ts';
import { useSlack } from '../support/slack-harness.ts';

const MINUTE = 60;
const now = () => Math.floor(Date.now() / 1000);
const settle = () => new Promise((done) => setTimeout(done, 300));

describe('Slack over HTTP: the request timestamp must be within 5 minutes of now, either way', () => {
  const s = useSlack('http');

  it('refuses a correctly signed command stamped 10 minutes in the future: 401, nothing runs', async () => {
    const before = await rowCounts(s.h.db);
    const body = slashCommand('alice', '/team', 'create Future', s.fake.responseUrl('future'));
    expect((await postSigned(s.port, body, { timestamp: now() + 10 * MINUTE })).status).toBe(401);
    await settle();
    expect(s.fake.responses).toHaveLength(0);
    expect(s.fake.calls).toHaveLength(0);
    expect(await rowCounts(s.h.db)).toEqual(before);
  });

  it('refuses a correctly signed button press stamped 10 minutes in the future', async () => {
    const before = await rowCounts(s.h.db);
    const payload = blockActionPayload(
      'alice',
      { action_id: 'tally:0', value: '{"c":"team create","a":{"name":"Future"}}' },
      s.fake.responseUrl('press'),
    );
    expect((await postSigned(s.port, asForm(payload), { timestamp: now() + 10 * MINUTE })).status).toBe(401);
    await settle();
    expect(s.fake.responses).toHaveLength(0);
    expect(await rowCounts(s.h.db)).toEqual(before);
  });

  it('accepts a command stamped 4 minutes in the future (clocks drift)', async () => {
    const body = slashCommand('alice', '/team', 'create Drift', s.fake.responseUrl('drift'));
    expect((await postSigned(s.port, body, { timestamp: now() + 4 * MINUTE })).status).toBe(200);
    await s.fake.waitFor(() => s.fake.responses.find((r) => r.id === 'drift'), 'the answer');
    expect((await s.h.teamNamed('Drift')).isPersonal).toBe(false);
  });
});
