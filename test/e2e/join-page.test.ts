import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJoinPage } from '../../adapters/web/join-page-html.ts';
import { DAY, MINUTE } from '../../src/clock.ts';
import { slashCommand, USERS } from '../fixtures/slack-payloads.ts';
import { onTestDatabase } from '../support/bot-database.ts';
import { launchChromium } from '../support/chromium.ts';
import { FakeSlack, postSigned } from '../support/fake-slack.ts';
import { freePort } from '../support/free-port.ts';
import { TEST_ROOT } from '../support/global-setup.ts';
import { type Block, blockText } from '../support/slack-harness.ts';
import { type SpawnedBot, slackHttpEnv, spawnBot, waitForHealthz } from '../support/spawn-bot.ts';
import { waitFor } from '../support/wait-for.ts';

const CLOCK_AHEAD = new URL('../support/clock-ahead.mjs', import.meta.url).pathname;
const TEAM = '<script>alert(1)</script>';
const INVITER = 'Alice <img src=x onerror=alert(2)>';
/** As long as a team name may be (64), with nowhere to break. */
const LONG_TEAM = 'Supercalifragilisticexpialidocious'.padEnd(64, 'X');
const WIDTHS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
];

/** What a reader sees go wrong: dialogs, script errors, blocked styles or scripts (CSP) — none is expected. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/** How wide the page is against the window: wider means a sideways scroll. */
const overflow = (page: Page) =>
  page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })',
  );

/** The text a reader sees, as laid out (hidden elements left out). */
const visibleText = (page: Page, selector: string) =>
  // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees is the point, not the DOM's text
  page.locator(selector).innerText();

describe('the join page in Chromium, behind a link `npm start` made (Slack HTTP mode against the fake)', () => {
  const slack = new FakeSlack();
  let bot: SpawnedBot;
  let browser: Browser;
  let port = 0;
  let releaseDatabase = () => {};
  let databaseHeld: Promise<void> | undefined;
  const links = { valid: '', replaced: '', usedUp: '', expiring: '' };

  let answers = 0;
  const command = async (who: keyof typeof USERS, text: string) => {
    const id = `a${++answers}`;
    await postSigned(port, slashCommand(who, '/team', text, slack.responseUrl(id)));
    const answer = await slack.waitFor(
      () => slack.responses.find((r) => r.id === id),
      `the answer to ${text}`,
      20_000, // a loaded machine (the whole suite at once) can take seconds for the first commands
    );
    return blockText((answer.body as { blocks: Block[] }).blocks);
  };
  const newLink = async (who: keyof typeof USERS, text: string) => {
    const answer = await command(who, text);
    const url = /http:\/\/127\.0\.0\.1:\d+\/join\/TALLY(-[0-9A-Z]{4}){4}/.exec(answer)?.[0];
    if (!url) throw new Error(`no invite link in the answer to ${text}: ${answer}`);
    return url;
  };

  beforeAll(async () => {
    mkdirSync(TEST_ROOT, { recursive: true });
    await slack.start();
    for (const [who, user] of Object.entries(USERS)) slack.names.set(user.id, who);
    slack.names.set(USERS.alice.id, INVITER);
    port = await freePort();
    // The bot's own database (PGlite, or PostgreSQL with TEST_DATABASE_URL), held until afterAll.
    const env = await new Promise<Record<string, string>>((ready) => {
      databaseHeld = onTestDatabase('join_page', (databaseEnv) => {
        ready(databaseEnv);
        return new Promise<void>((release) => (releaseDatabase = release));
      });
    });
    bot = spawnBot(process.execPath, ['--import', CLOCK_AHEAD, 'scripts/start.mjs', 'bin/tally.ts'], {
      ...env,
      ...slackHttpEnv(slack, port),
      TALLY_PUBLIC_URL: `http://127.0.0.1:${port}`,
      TALLY_TEST_CLOCK_JUMP_MS: String(6 * MINUTE),
      LOG_LEVEL: 'warn',
    });
    // The browser starts while the bot does.
    [browser] = await Promise.all([launchChromium(), waitForHealthz(port, bot.output)]);

    // Three people, three teams, made side by side (each chain acts on its maker's active team).
    await Promise.all([
      (async () => {
        await command('alice', `create ${TEAM}`);
        links.replaced = await newLink('alice', 'invite');
        links.valid = await newLink('alice', 'invite role:co-owner expires:7d uses:5');
      })(),
      (async () => {
        await command('carol', `create ${LONG_TEAM}`);
        links.usedUp = await newLink('carol', 'invite uses:1');
        expect(await command('bob', `join ${links.usedUp}`)).toContain('Welcome');
      })(),
      (async () => {
        await command('bob', 'create Expiring Co');
        links.expiring = await newLink('bob', 'invite expires:5m');
      })(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    bot?.child.kill('SIGKILL');
    await bot?.exit;
    releaseDatabase();
    await databaseHeld;
    await slack.stop();
  });

  it.each(WIDTHS)(
    'shows the invite on a $width px screen: names as text, nothing overflows, Copy copies',
    async (size) => {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      const page = await context.newPage();
      const problems = watch(page);
      const response = await page.goto(links.valid);
      expect(response?.status()).toBe(200);
      const code = links.valid.split('/').pop()!;

      expect(await page.locator('h1').textContent()).toBe(`Join ${TEAM}`);
      const [team, inviter, role, expires, joinsLeft] = await page.locator('dd').allTextContents();
      expect({ team, inviter, role, joinsLeft }).toEqual({
        team: TEAM,
        inviter: INVITER,
        role: 'Co-Owner',
        joinsLeft: '5',
      });
      expect(expires).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      const expiresAt = Date.parse((await page.locator('dd time').getAttribute('datetime'))!);
      expect(Math.abs(expiresAt - (Date.now() + 7 * DAY))).toBeLessThan(5 * MINUTE);
      const text = await visibleText(page, 'main');
      expect(text).toContain(`${INVITER} invited you to join this team on Tally as Co-Owner.`);
      expect(text).toContain('In Slack: paste the command into any channel or your DM with Tally');
      expect(text).not.toContain('In Discord');
      expect(await page.locator('#command').textContent()).toBe(`/team join ${code}`);

      // The names stayed text: the only script is the page's own, no image came from the inviter's name.
      expect(await page.locator('script').count()).toBe(1);
      expect(await page.locator('script').textContent()).not.toContain('alert');
      expect(await page.locator('img').count()).toBe(0);
      const { scrollWidth, innerWidth } = await overflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);

      await page.getByRole('button', { name: 'Copy' }).click();
      await page.getByRole('button', { name: 'Copied' }).waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(`/team join ${code}`);
      await page.screenshot({ path: `${TEST_ROOT}/join-page-${size.name}.png`, fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it('works without JavaScript: the command is there to select, and no dead Copy button shows', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(links.valid);
    expect(await page.locator('#command').textContent()).toMatch(/^\/team join TALLY(-[0-9A-Z]{4}){4}$/);
    expect(await page.locator('#copy').isVisible()).toBe(false);
    await context.close();
  });

  it('keeps a name longer than any Tally allows (200 characters, no spaces) inside a phone screen', async () => {
    const long = 'W'.repeat(200);
    const html = await renderJoinPage(
      { state: 'valid', teamName: long, inviter: long, roleName: long, expiresAt: null, usesLeft: null },
      'TALLY-0000-0000-0000-0000',
      ['slack', 'discord'],
    );
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.setContent(html);
    const { scrollWidth, innerWidth } = await overflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.close();
  });

  it('answers each link that admits nobody with a 404 page saying why and whom to ask', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const problems = watch(page);
    const shown = async (url: string) => {
      const response = await page.goto(url);
      const { scrollWidth, innerWidth } = await overflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      return { status: response?.status(), text: await visibleText(page, 'main') };
    };
    const ask = (who: string, team: string) => `Ask ${who}, who made it, or another admin of ${team} for a new link.`;

    const unknown = await shown(`http://127.0.0.1:${port}/join/TALLY-0000-0000-0000-0000`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Unknown invite link');
    expect(unknown.text).toContain('ask whoever sent it to you for a new link');

    const replaced = await shown(links.replaced);
    expect(replaced.status).toBe(404);
    expect(replaced.text).toContain('This invite link has been disabled');
    expect(replaced.text).toContain(
      `The invite to ${TEAM} was turned off or replaced by a newer link. ${ask(INVITER, TEAM)}`,
    );

    const usedUp = await shown(links.usedUp);
    expect(usedUp.status).toBe(404);
    expect(usedUp.text).toContain('This invite link has been used up');
    expect(usedUp.text).toContain(
      `The invite to ${LONG_TEAM} allowed 1 join, and all have been used. ${ask('carol', LONG_TEAM)}`,
    );
    await page.screenshot({ path: `${TEST_ROOT}/join-page-used-up-phone.png`, fullPage: true });

    expect((await shown(links.expiring)).status).toBe(200);
    bot.child.kill('SIGUSR2'); // the bot's clock jumps 6 minutes: the 5-minute link has expired
    const expired = await waitFor(
      async () => {
        const answer = await shown(links.expiring);
        return answer.status === 404 && answer;
      },
      'the 5-minute link to expire',
      15_000,
    );
    expect(expired.text).toContain('This invite link has expired');
    expect(expired.text).toMatch(
      /The invite to Expiring Co expired on \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Ask bob, who made it/,
    );
    // Chromium logs each 404 document it loads; anything else would be a problem.
    expect(problems.filter((problem) => !problem.includes('status of 404 (Not Found)'))).toEqual([]);
    await page.close();
  });
});
