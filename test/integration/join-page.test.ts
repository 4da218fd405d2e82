import { describe, expect, it } from 'vitest';
import { httpApp } from '../../adapters/http/http-app.ts';
import { joinPageRoute } from '../../adapters/web/join-page.ts';
import { HOUR } from '../../src/clock.ts';
import { previewInvite } from '../../src/invites/invite-preview.ts';
import { useHarness } from '../support/harness.ts';

const codeOf = (fields: { label: string; value: string }[] | undefined) =>
  fields?.find((f) => f.label === 'Code')?.value ?? '';

/** The page's words, tags and entities left out, as a reader sees them. */
const words = (page: string) =>
  page
    .replace(/<(style|script)>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,])/g, '$1');

describe('the join page behind invite links (in process; the browser test is test/e2e/join-page.test.ts)', () => {
  const h = useHarness();
  const app = () =>
    httpApp([joinPageRoute({ platforms: ['slack', 'discord'], preview: (code) => previewInvite(h.deps, code) })]);
  const get = async (path: string, method = 'GET') => {
    const response = await app().request(path, { method });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  it('shows a working link to its holder without using it, and says why each other link admits nobody', async () => {
    await h.run('alice', '/team create Acme & Co');
    const old = codeOf((await h.run('alice', '/team invite')).fields);
    const code = codeOf((await h.run('alice', '/team invite role:co-owner uses:3 expires:2h')).fields);

    const page = await get(`/join/${code.toLowerCase()}`);
    expect(page.status).toBe(200);
    expect(words(page.text)).toContain('alice invited you to join this team on Tally as Co-Owner.');
    expect(words(page.text)).toContain('Team Acme & Co Invited by alice Role Co-Owner');
    expect(words(page.text)).toContain('Link expires 2026-11-25 11:00 UTC Joins left 3');
    expect(words(page.text)).toContain(`/team join ${code} Copy`);
    expect(words(page.text)).toContain('In Slack: paste the command into any channel or your DM with Tally');
    expect(words(page.text)).toContain(
      `In Discord: type /team join, pick Tally's command, and paste ${code} into its code option.`,
    );
    expect(page.text).toContain('<meta name="robots" content="noindex">');
    expect(Object.fromEntries(page.headers)).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'content-type': 'text/html; charset=utf-8',
    });
    expect(page.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/,
    );
    expect((await get(`/join/${code}`, 'HEAD')).status).toBe(200);
    expect((await h.db.inviteLink.findFirstOrThrow({ where: { revokedAt: null } })).uses).toBe(0);

    const disabled = await get(`/join/${old}`);
    expect(disabled.status).toBe(404);
    expect(words(disabled.text)).toContain('This invite link has been disabled');
    expect(words(disabled.text)).toContain(
      'The invite to Acme & Co was turned off or replaced by a newer link. Ask alice, who made it, or another admin of Acme & Co for a new link.',
    );

    await h.run('bob', `/team join ${code}`);
    await h.run('carol', `/team join ${code}`);
    expect(words((await get(`/join/${code}`)).text)).toContain('Joins left 1');
    await h.run('dave', `/team join ${code}`);
    const usedUp = await get(`/join/${code}`);
    expect([usedUp.status, words(usedUp.text)]).toEqual([
      404,
      expect.stringContaining('The invite to Acme & Co allowed 3 joins, and all have been used.'),
    ]);

    const expiring = codeOf((await h.run('alice', '/team invite regenerate expires:1h')).fields);
    h.clock.advance(HOUR);
    const expired = await get(`/join/${expiring}`);
    expect(expired.status).toBe(404);
    expect(words(expired.text)).toContain('The invite to Acme & Co expired on 2026-11-25 10:00 UTC. Ask alice');

    const forever = codeOf((await h.run('alice', '/team invite regenerate expires:never')).fields);
    expect(words((await get(`/join/${forever}`)).text)).toContain('Link expires Never');
    const team = await h.teamNamed('Acme & Co');
    await h.press('alice', await h.run('alice', `/team delete team:${team.id}`), 'Delete Acme & Co');
    const gone = await get(`/join/${forever}`);
    expect(gone.status).toBe(404);
    expect(words(gone.text)).toContain(
      "Acme & Co no longer exists, so its invite links don't work. Ask alice if there is another team to join.",
    );
    expect((await h.run('erin', `/team join ${forever}`)).text).toBe(
      'That invite was to Acme & Co, which has been deleted.',
    );
  });

  it('answers an unknown or malformed code with the same polite 404 page, never an error', async () => {
    for (const path of [
      '/join/TALLY-0000-0000-0000-0000',
      '/join/',
      '/join',
      '/join/TALLY-0000-0000-0000-0000/extra',
      `/join/${'A'.repeat(5000)}`,
      '/join/%3Cscript%3E',
      '/join/%zz',
      '/join/..%2F..%2Fetc',
    ]) {
      const page = await get(path);
      expect([path, page.status]).toEqual([path, 404]);
      expect(words(page.text)).toContain("Unknown invite link Tally doesn't know this invite code.");
      expect(words(page.text)).toContain('ask whoever sent it to you for a new link');
      expect(page.text).not.toContain('<script');
    }
  });
});
