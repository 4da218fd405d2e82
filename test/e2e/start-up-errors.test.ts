import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomBase32 } from '../../src/ids.ts';
import { freePort } from '../support/free-port.ts';
import { copyPgliteTemplate, onPostgres } from '../support/test-database.ts';

const folder = mkdtempSync(join(resolve('.tally-test'), 'start-up-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the bot as `npm start` does, with `env` on top of a console set-up, until it exits. */
function startTally(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/tally.ts'],
      {
        env: {
          ...process.env,
          TALLY_DATA_DIR: join(folder, 'data'),
          TALLY_DOWNLOADS_DIR: join(folder, 'downloads'),
          ...env,
        },
        timeout: 60_000,
      },
      (_error, stdout, stderr) => done({ code: child.exitCode, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

/** One line naming the setting, no stack trace, no password, exit code 1. */
function expectOneLine(result: { code: number | null; stderr: string }, setting: string, ...mentions: string[]) {
  expect(result.code).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toContain(setting);
  for (const mention of mentions) expect(lines[0]).toContain(mention);
  expect(lines[0]).not.toContain('s3cret');
  expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('start-up failures print one line naming the setting and exit 1', () => {
  it('a DATABASE_URL whose port nobody listens on', async () => {
    const port = await freePort();
    const result = await startTally({ DATABASE_URL: `postgresql://tally:s3cret@127.0.0.1:${port}/tally` });
    expectOneLine(result, 'DATABASE_URL', `127.0.0.1:${port}`);
  });

  it.runIf(onPostgres)('a DATABASE_URL naming a database the server does not have', async () => {
    const missing = `tally_missing_${randomBase32(6).toLowerCase()}`;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.password = 's3cret';
    url.pathname = `/${missing}`;
    const result = await startTally({ DATABASE_URL: url.toString() });
    expectOneLine(result, 'DATABASE_URL', missing, 'does not exist');
  });

  it('a TALLY_OPERATORS entry that is not platform:id', async () => {
    const result = await startTally({ TALLY_OPERATORS: 'console:alice,slack:U0456EFGH' });
    expectOneLine(result, 'TALLY_OPERATORS', '"slack:U0456EFGH"', 'slack:<team id>:<user id>');
  });

  it('a TALLY_CATALOG_FILE that does not exist', async () => {
    expectOneLine(await startTally({ TALLY_CATALOG_FILE: '/nonexistent' }), 'TALLY_CATALOG_FILE', '/nonexistent');
  });

  it('a TALLY_CATALOG_FILE that is not JSON', async () => {
    const file = join(folder, 'catalog.json');
    writeFileSync(file, '{\n  "instances": [\n    oops\n  ]\n}\n');
    expectOneLine(await startTally({ TALLY_CATALOG_FILE: file }), 'TALLY_CATALOG_FILE', file);
  });

  it('a TALLY_SELLER_FILE that lacks the tax id', async () => {
    const file = join(folder, 'seller.json');
    writeFileSync(file, JSON.stringify({ name: 'Tally Cloud GmbH', address: '1 Main Street, Berlin' }));
    const result = await startTally({ TALLY_SELLER_FILE: file });
    expectOneLine(result, 'TALLY_SELLER_FILE', file, 'is not a valid seller file at taxId');
  });

  // Stripe configured beside Slack (its webhook needs the HTTP server), the key never printed.
  const cardPayments = {
    SLACK_BOT_TOKEN: 'xoxb-s3cret',
    SLACK_SIGNING_SECRET: 'signing-s3cret',
    STRIPE_SECRET_KEY: 'sk_test_s3cret',
  };

  it('STRIPE_SECRET_KEY without the webhook secret', async () => {
    const result = await startTally(cardPayments);
    expectOneLine(result, 'STRIPE_WEBHOOK_SECRET', 'missing', 'no card payment could be credited');
  });

  it('STRIPE_SECRET_KEY without the seller details invoices need', async () => {
    const result = await startTally({ ...cardPayments, STRIPE_WEBHOOK_SECRET: 'whsec_s3cret' });
    expectOneLine(result, 'TALLY_SELLER_NAME, TALLY_SELLER_ADDRESS, TALLY_SELLER_TAX_ID', "the seller's details");
  });

  it('a platform that cannot be reached: one line naming it, after the log lines of the start', async () => {
    // A migrated database already there: preparing one (initdb, about 10 s) is storage.test.ts's case.
    copyPgliteTemplate(join(folder, 'data'));
    const port = await freePort();
    const result = await startTally({
      LOG_LEVEL: 'warn',
      PORT: '0',
      DISCORD_TOKEN: 'abcdefghijklmnopqrstuvwxyz-s3cret',
      DISCORD_APPLICATION_ID: '123456789012',
      DISCORD_API_URL: `http://127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    const last = result.stderr.trimEnd().split('\n').at(-1) ?? '';
    expect(last).toBe(`Tally cannot start: the discord adapter did not start: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(result.stderr).not.toContain('s3cret');
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  }, 90_000);
});
