import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { hasPseudoTerminal, startInTerminal, type TerminalBot } from '../support/terminal-bot.ts';
import { copyPgliteTemplate } from '../support/test-database.ts';

const CTRL_C = '\x03';
const CTRL_D = '\x04';
const STACK_TRACE = /Error|\n\s+at /;

/** The prompt is waiting for `person`, nothing typed yet. */
const prompting = (person: string) => (screen: string) => screen.endsWith(`${person}> `);

/**
 * A person at a real terminal (a pseudo-terminal, so the bot's stdin is a TTY) pressing Ctrl-C and
 * Ctrl-D. The cases share one data folder: each start also proves the one before let go of it.
 */
describe.skipIf(!hasPseudoTerminal)('console in a terminal: Ctrl-C and Ctrl-D', () => {
  let folder: string;
  let bot: TerminalBot | undefined;
  beforeAll(() => {
    folder = copyPgliteTemplate();
  });
  afterEach(() => bot?.kill());
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  async function start(person: string) {
    bot = startInTerminal({ folder, person });
    await bot.waitForScreen(prompting(person), 'the first prompt');
    return bot;
  }

  /** Quit cleanly: exit code 0, no stack trace, the embedded database closed and its lock gone. */
  async function expectCleanExit(session: TerminalBot) {
    expect(await session.exit(), session.screen()).toEqual({ code: 0, signal: null });
    expect(session.screen()).not.toMatch(STACK_TRACE);
    expect(existsSync(join(folder, 'tally.lock'))).toBe(false);
  }

  it('Ctrl-C at a (y/N) confirmation cancels it: nothing done, back at the prompt, the next command works', async () => {
    const session = await start('alice');
    session.type('/team create Acme\r');
    await session.waitForScreen((s) => s.includes('Created Acme') && prompting('alice')(s), 'the team');
    session.type('/team delete\r');
    await session.waitForScreen((s) => s.includes('[1] Delete Acme') && prompting('alice')(s), 'the Delete button');
    session.type('press 1\r');
    await session.waitForScreen((s) => s.endsWith('Really delete Acme? (y/N) '), 'the confirmation');

    session.type(CTRL_C);
    await session.waitForScreen(prompting('alice'), 'the prompt again');
    expect(session.screen()).toContain('Really delete Acme? (y/N) ^C\nNot confirmed; nothing done.\nalice> ');
    session.type('/team list\r');
    const after = await session.waitForScreen(
      (s) => s.includes('Your teams') && prompting('alice')(s),
      'the team list',
    );
    expect(after).toMatch(/▶ Acme \S+ \(active\)/);
    expect(after).not.toContain('has been deleted');

    session.type(CTRL_D);
    await expectCleanExit(session);
  }, 60_000);

  it('Ctrl-C on a half-typed line clears it, as shells do: it is not run, and the session goes on', async () => {
    const session = await start('bob');
    session.type('/team create Half');
    await session.waitForScreen((s) => s.endsWith('bob> /team create Half'), 'the half-typed line');

    session.type(CTRL_C);
    await session.waitForScreen((s) => s.endsWith('bob> /team create Half^C\nbob> '), 'a fresh prompt below it');
    session.type('/team list\r');
    const after = await session.waitForScreen((s) => s.includes('Your teams') && prompting('bob')(s), 'the team list');
    expect(after).not.toContain('Created Half');
    expect(after.slice(after.indexOf('Your teams'))).not.toContain('Half');

    session.type(CTRL_D);
    await expectCleanExit(session);
  }, 60_000);

  it('Ctrl-C on an empty line quits cleanly, leaving the shell a fresh line', async () => {
    const session = await start('carol');
    session.type(CTRL_C);
    await expectCleanExit(session);
    expect(session.screen()).toMatch(/carol> \^C\n$/);
  }, 60_000);

  it('Ctrl-D quits cleanly, leaving the shell a fresh line', async () => {
    const session = await start('dave');
    session.type(CTRL_D);
    await expectCleanExit(session);
    expect(session.screen()).toMatch(/dave> \n$/);
  }, 60_000);

  it('SIGTERM while the prompt waits (docker stop, a closed session manager) quits cleanly', async () => {
    const session = await start('erin');
    process.kill(session.botPid()!, 'SIGTERM');
    await expectCleanExit(session);
  }, 60_000);

  it('quitting while a command runs answers it first, then closes the database with it saved', async () => {
    const session = await start('frank');
    session.type(`/team create Gamma\r${CTRL_D}`); // Ctrl-D arrives while the team is being created
    await expectCleanExit(session);
    expect(session.screen()).toContain('Created Gamma');

    const again = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger });
    try {
      expect(await again.prisma.team.count({ where: { name: 'Gamma' } })).toBe(1);
    } finally {
      await again.close();
    }
  }, 60_000);
});
