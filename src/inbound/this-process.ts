import { hostname } from 'node:os';
import { randomBase32 } from '../ids.ts';

/**
 * This run of the bot, as the owner of the commands it records: new at every start (a restart
 * is another owner, whose predecessor's commands it may take over), readable in a log.
 */
export const THIS_PROCESS = `${hostname()}:${process.pid}:${randomBase32(6)}`;

/** Tells whether the process that recorded a command may still be working on it. */
export interface Liveness {
  /** True only when `owner` is certainly gone, so its unfinished commands are free to take over. */
  isGone(owner: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The embedded database admits one process (its folder lock), so every other owner is a previous run. */
export const soleProcess: Liveness = {
  isGone: async (owner) => owner !== THIS_PROCESS,
  close: async () => {},
};
