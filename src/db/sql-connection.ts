/** The little a migration runner needs from a driver: PGlite and node-postgres both fit. */
export interface SqlConnection {
  /** Runs a script of one or more statements. */
  exec(sql: string): Promise<void>;
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}
