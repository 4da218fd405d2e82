import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { sellerDetailsMissing } from '../../src/invoices/invoicing-settings.ts';

describe('the core settings', () => {
  it('defaults to the embedded database', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('pglite');
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('uses PostgreSQL when DATABASE_URL is set, and treats blanks as unset', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db', DATABASE_POOL_SIZE: '4' }).database).toEqual({
      kind: 'postgres',
      url: 'postgresql://u@h/db',
      poolSize: 4,
    });
    expect(loadConfig({ DATABASE_URL: '  ' }).database.kind).toBe('pglite');
  });

  it('stops with a message naming each wrong setting', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DATABASE_POOL_SIZE: 'many' })).toThrow(
      /DATABASE_URL: must start with postgres:\/\/[\s\S]*DATABASE_POOL_SIZE[\s\S]*LOG_LEVEL/,
    );
    expect(() => loadConfig({ TALLY_PUBLIC_URL: 'ftp://x' })).toThrow(/TALLY_PUBLIC_URL/);
  });

  it("says what a setting must be in people's words, not the validator's", () => {
    const said = (env: Record<string, string>) => () => loadConfig(env);
    expect(said({ PORT: 'abc' })).toThrow('Tally cannot start: PORT: must be a port number from 0 to 65535');
    expect(said({ PORT: '70000' })).toThrow('PORT: must be a port number from 0 to 65535');
    expect(said({ DATABASE_POOL_SIZE: '2.5' })).toThrow(
      'DATABASE_POOL_SIZE: must be a number of connections from 1 to 200',
    );
    expect(said({ TALLY_PUBLIC_URL: 'notaurl' })).toThrow(
      'TALLY_PUBLIC_URL: must be an http:// or https:// address, like https://tally.example.com',
    );
    expect(said({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL: must be debug, info, warn, error or silent');
  });

  it("leaves each platform's settings to its adapter", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).not.toHaveProperty('slack');
  });
});

describe('the currency and the seller on invoices', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tally-seller-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
  const seller = { name: 'Tally Cloud GmbH', address: ['1 Main Street', '10115 Berlin'], taxId: 'DE123456789' };

  it('takes an ISO 4217 currency with cents, USD by default', () => {
    expect(loadConfig({}).invoicing).toEqual({ currency: 'USD', seller: null });
    expect(loadConfig({ TALLY_CURRENCY: ' eur ' }).invoicing.currency).toBe('EUR');
    expect(() => loadConfig({ TALLY_CURRENCY: 'euro' })).toThrow(/TALLY_CURRENCY: must be an ISO 4217 currency code/);
    expect(() => loadConfig({ TALLY_CURRENCY: 'xyz' })).toThrow(/TALLY_CURRENCY: must be an ISO 4217/);
    expect(() => loadConfig({ TALLY_CURRENCY: 'jpy' })).toThrow(/TALLY_CURRENCY: must be a currency with two decimals/);
  });

  it('takes the seller from the variables, all of them or none', () => {
    const config = loadConfig({
      TALLY_SELLER_NAME: 'Tally Cloud GmbH',
      TALLY_SELLER_ADDRESS: '1 Main Street, 10115 Berlin',
      TALLY_SELLER_TAX_ID: 'DE123456789',
      TALLY_SELLER_FOOTER: 'Bank: DE89 3704 0044 0532 0130 00',
    });
    expect(config.invoicing.seller).toEqual({
      name: 'Tally Cloud GmbH',
      address: '1 Main Street, 10115 Berlin',
      taxId: 'DE123456789',
      footer: 'Bank: DE89 3704 0044 0532 0130 00',
    });
    expect(sellerDetailsMissing(config)).toEqual([]);
    expect(() => loadConfig({ TALLY_SELLER_NAME: 'Tally Cloud GmbH' })).toThrow(
      'Tally cannot start: TALLY_SELLER_ADDRESS: is missing: seller details need TALLY_SELLER_NAME, ' +
        'TALLY_SELLER_ADDRESS, TALLY_SELLER_TAX_ID together (or TALLY_SELLER_FILE); ' +
        'missing TALLY_SELLER_ADDRESS, TALLY_SELLER_TAX_ID',
    );
  });

  it('says which settings a seller needs when none is configured', () => {
    expect(sellerDetailsMissing(loadConfig({}))).toEqual([
      'TALLY_SELLER_NAME',
      'TALLY_SELLER_ADDRESS',
      'TALLY_SELLER_TAX_ID',
    ]);
  });

  it('takes the seller from a JSON file, address lines joined', () => {
    const config = loadConfig({ TALLY_SELLER_FILE: file('seller.json', JSON.stringify(seller)) });
    expect(config.invoicing.seller).toEqual({ ...seller, address: '1 Main Street\n10115 Berlin' });
    expect(sellerDetailsMissing(config)).toEqual([]);
  });

  it('stops on a seller file that is missing, not JSON, or not a seller, in one line naming the setting', () => {
    const cases: [string, RegExp][] = [
      [join(folder, 'none.json'), /none\.json cannot be read: no such file$/],
      [file('bad.json', '{ "name": '), /bad\.json is not valid JSON: /],
      [
        file('short.json', JSON.stringify({ ...seller, taxId: undefined })),
        /short\.json is not a valid seller file at taxId/,
      ],
      [
        file('extra.json', JSON.stringify({ ...seller, iban: 'x' })),
        /extra\.json is not a valid seller file at top level/,
      ],
    ];
    for (const [path, problem] of cases) {
      const error = (() => {
        try {
          loadConfig({ TALLY_SELLER_FILE: path });
        } catch (e) {
          return (e as Error).message;
        }
        return 'started';
      })();
      expect(error).toMatch(/^Tally cannot start: TALLY_SELLER_FILE: /);
      expect(error).toMatch(problem);
      expect(error).not.toContain('\n');
    }
    const both = { TALLY_SELLER_FILE: file('ok.json', JSON.stringify(seller)), TALLY_SELLER_NAME: 'Other' };
    expect(() => loadConfig(both)).toThrow('TALLY_SELLER_FILE: set it or TALLY_SELLER_NAME, not both');
  });
});
