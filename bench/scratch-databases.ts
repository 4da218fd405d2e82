// Throwaway databases for benchmarks: a fresh PGlite folder, or a fresh PostgreSQL database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomBase32 } from '../src/ids.ts';

export const BENCH_PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export async function withScratchFolder<T>(run: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), 'tally-bench-'));
  try {
    return await run(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Creates a database named `label` plus this process's pid and a random tag on the benchmark
 * server, hands its URL to `run`, and drops it afterwards: two benchmarks on one server never
 * drop each other's.
 */
export async function withScratchPostgres<T>(label: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `${label}_${process.pid}_${randomBase32(6).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: BENCH_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(BENCH_PG_URL);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
