import type { Deps } from '../../src/deps.ts';
import type { InboundCommand } from '../../src/inbound/recorded-commands.ts';
import type { Logger } from '../../src/logger.ts';
import type { Notifier } from '../../src/ports/notifier.ts';
import type { HttpRoute } from '../http/http-route.ts';

/** What every platform adapter offers the composition root (bin/): start, stop, health, its notifier and routes. */
export interface PlatformAdapter<Started, Health> {
  /** The platform's name, as identities, channels and outbox rows carry it. */
  platform: string;
  /** Registered under `platform` in the core's notifier: DMs and channel posts on this platform. */
  notifier: Notifier;
  health(): Health;
  /** What the start-up log line says of it (its mode, its endpoint): no secrets. */
  describe(): Record<string, unknown>;
  /** The endpoints it serves on Tally's HTTP application; they answer 503 until `start` has run. */
  routes: HttpRoute[];
  /** Registers the listeners on the core's dependencies and starts receiving. */
  start(deps: Deps): Promise<Started>;
  /** After `start`: runs and answers a command another process recorded and acknowledged, but died before answering. */
  resume(command: InboundCommand): Promise<void>;
  /** Stops receiving, then lets the work already acknowledged finish and answer. */
  stop(): Promise<void>;
}

/** The options every adapter takes. */
export interface AdapterOptions {
  log: Logger;
  /** Commands worked on at once; the rest wait their turn (see work-queue.ts). */
  concurrency?: number;
  /** How long one alert or DM may take before the outbox counts it failed (default 10 s). */
  deliveryTimeoutMs?: number;
}
