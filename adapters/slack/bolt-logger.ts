import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';

/** Bolt's logger interface over Tally's structured log, so Slack's own messages land in the same JSON lines. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts) => log.debug(text(parts), { source: 'bolt' }),
    info: (...parts) => log.info(text(parts), { source: 'bolt' }),
    warn: (...parts) => log.warn(text(parts), { source: 'bolt' }),
    error: (...parts) => log.error(text(parts), { source: 'bolt' }),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
