import { resolve } from 'node:path';
import { z } from 'zod';
import type { LogLevel } from './logger.ts';

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(blankIsUnset, z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional()),
  DATABASE_POOL_SIZE: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(200).default(10)),
  TALLY_DATA_DIR: z.preprocess(blankIsUnset, z.string().default('./data')),
  TALLY_PUBLIC_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).default('http://localhost:3000')),
  TALLY_CATALOG_FILE: z.preprocess(blankIsUnset, z.string().optional()),
  TALLY_CONSOLE_USER: z.preprocess(blankIsUnset, z.string().regex(/^[\w.-]{1,40}$/, 'must be a simple name like alice').optional()),
  LOG_LEVEL: z.preprocess(blankIsUnset, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
});

export interface Config {
  database: { kind: 'pglite'; folder: string } | { kind: 'postgres'; url: string; poolSize: number };
  publicUrl: string;
  catalogFile: string | undefined;
  consoleUser: string | undefined;
  logLevel: LogLevel;
}

export class ConfigError extends Error {}

/** Environment → typed settings, read once at start-up. A bad setting stops start-up, naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Tally cannot start: these settings are wrong:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE } : { kind: 'pglite', folder: resolve(e.TALLY_DATA_DIR) },
    publicUrl: e.TALLY_PUBLIC_URL,
    catalogFile: e.TALLY_CATALOG_FILE,
    consoleUser: e.TALLY_CONSOLE_USER,
    logLevel: e.LOG_LEVEL,
  };
}
