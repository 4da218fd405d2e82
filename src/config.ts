import { resolve } from 'node:path';
import { z } from 'zod';
import { CurrencySchema, type Invoicing, invoicingConfig, sellerLine } from './invoices/invoicing-settings.ts';
import type { LogLevel } from './logger.ts';

// The core's settings. Each adapter declares and reads its own (adapters/*/settings.ts); the
// composition root (bin/settings.ts) checks them all at once, so one message names every wrong one.

export const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A whole number setting, with a message people can act on instead of the validator's. */
function wholeNumber(min: number, max: number, what: string) {
  const error = `must be ${what} from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export const CoreSettings = {
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.preprocess(blankIsUnset, wholeNumber(1, 200, 'a number of connections').default(10)),
  TALLY_DATA_DIR: z.preprocess(blankIsUnset, z.string().default('./data')),
  TALLY_PUBLIC_URL: z.preprocess(
    blankIsUnset,
    z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// address, like https://tally.example.com' })
      .default('http://localhost:3000'),
  ),
  TALLY_CATALOG_FILE: z.preprocess(blankIsUnset, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    blankIsUnset,
    z
      .enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'must be debug, info, warn, error or silent' })
      .default('info'),
  ),
  PORT: z.preprocess(blankIsUnset, wholeNumber(0, 65535, 'a port number').default(3000)),
  TALLY_CURRENCY: z.preprocess(blankIsUnset, CurrencySchema.default('USD')),
  TALLY_SELLER_NAME: z.preprocess(blankIsUnset, sellerLine(200).optional()),
  TALLY_SELLER_ADDRESS: z.preprocess(blankIsUnset, sellerLine(500).optional()),
  TALLY_SELLER_TAX_ID: z.preprocess(blankIsUnset, sellerLine(40).optional()),
  TALLY_SELLER_FOOTER: z.preprocess(blankIsUnset, sellerLine(1000).optional()),
  TALLY_SELLER_FILE: z.preprocess(blankIsUnset, z.string().optional()),
};

export interface Config {
  database: { kind: 'pglite'; folder: string } | { kind: 'postgres'; url: string; poolSize: number };
  publicUrl: string;
  catalogFile: string | undefined;
  logLevel: LogLevel;
  /** Where the HTTP application listens (Slack events, Discord interactions, /healthz). */
  port: number;
  /** The currency and the seller's details that invoices show. */
  invoicing: Invoicing;
}

export class ConfigError extends Error {}

/**
 * A setting that passed validation but does not work (a file that cannot be read, a server that
 * does not answer): one line.
 */
export function settingError(setting: string, problem: string): ConfigError {
  return new ConfigError(`Tally cannot start: ${setting}: ${problem.replace(/\s+/g, ' ')}`);
}

/** One error: one line for one problem, else each problem on its own line. */
export function wrongSettings(problems: string[]): ConfigError {
  if (problems.length === 1) return new ConfigError(`Tally cannot start: ${problems[0]}`);
  return new ConfigError(`Tally cannot start: these settings are wrong:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** The environment checked against `shape`: every wrong setting is named in one error. */
export function readSettings<S extends z.ZodRawShape>(env: NodeJS.ProcessEnv, shape: S): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success)
    throw wrongSettings(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return parsed.data;
}

export type CoreEnv = z.infer<z.ZodObject<typeof CoreSettings>>;

export function coreConfig(e: CoreEnv): Config {
  const invoicing = invoicingConfig(e);
  if (Array.isArray(invoicing)) throw settingError(...invoicing);
  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', folder: resolve(e.TALLY_DATA_DIR) },
    publicUrl: e.TALLY_PUBLIC_URL,
    catalogFile: e.TALLY_CATALOG_FILE,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    invoicing,
  };
}

/** Environment → the core's typed settings, read once at start-up. A bad setting stops start-up, naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return coreConfig(readSettings(env, CoreSettings));
}
