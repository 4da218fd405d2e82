import { describe, expect, it } from 'vitest';
import { slashCommand } from '../fixtures/slack-payloads.ts';
import { postSigned } from '../support/fake-slack.ts';
import { useSlack } from '../support/slack-harness.ts';

describe('Slack slow to take answers', () => {
  const s = useSlack('http');

  it('does not hold up other commands: eight at once are all answered while the first answers still wait', async () => {
    await s.command('alice', '/team', 'create Acme');
    // Slack takes 2 s to accept each response_url post; the adapter works on 4 commands at once.
    s.fake.responseDelayMs = 2000;
    try {
      const sent = performance.now();
      const ids = Array.from({ length: 8 }, (_, i) => `slow-${i}`);
      const acks = await Promise.all(
        ids.map((id) => postSigned(s.port, slashCommand('alice', '/credits', '', s.fake.responseUrl(id)))),
      );
      expect(acks.map((a) => a.status)).toEqual(ids.map(() => 200));
      const all = () => (ids.every((id) => s.fake.responses.some((r) => r.id === id)) ? true : undefined);
      await s.fake.waitFor(all, 'all eight answers');
      // Had a slot waited for its post, the last four would arrive only after the first four's 2 s.
      expect(performance.now() - sent).toBeLessThan(1500);
    } finally {
      s.fake.responseDelayMs = 0;
    }
  });
});
