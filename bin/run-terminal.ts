import { userInfo } from 'node:os';
import { CONSOLE_PLATFORM, ConsoleSession } from '../adapters/console/console-session.ts';
import { runConsole } from '../adapters/console/run-console.ts';
import type { ConsoleConfig } from '../adapters/console/settings.ts';
import type { SesterceConfig } from '../adapters/sesterce/settings.ts';
import { startApp } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { startOutboxDelivery } from '../src/jobs/outbox-pump.ts';
import { defaultJobs, startScheduler } from '../src/jobs/scheduler.ts';
import { createLogger } from '../src/logger.ts';
import { everyoneOn, operatorList } from '../src/operators/operators.ts';
import type { IdentityRef } from '../src/ports/notifier.ts';
import { notifiersByPlatform } from '../src/ports/platform-notifiers.ts';
import { watchLaunches } from '../src/resources/watch-launches.ts';
import { cloudOf } from './cloud.ts';
import { firstBoot, onSignals } from './signals.ts';

function localName(): string {
  const name = userInfo().username.replace(/[^\w.-]/g, '');
  return name && name !== 'root' ? name : 'alice';
}

/**
 * Without platform settings: the terminal, interactive or as a script. With no TALLY_OPERATORS the
 * person at the terminal runs this Tally, whoever they act as: they are every console person.
 */
export async function runTerminal(
  config: Config,
  console: ConsoleConfig,
  operators: IdentityRef[] = [],
  sesterce?: SesterceConfig,
) {
  const interactive = Boolean(process.stdin.isTTY);
  // The console owns the terminal: logs below warnings would drown the conversation.
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const session = new ConsoleSession(console.user ?? localName(), console.downloadsDir);
  const notifier = notifiersByPlatform([[CONSOLE_PLATFORM, session]]);
  const cloud = await cloudOf(sesterce, log);
  const app = await startApp(config, {
    log,
    notifier,
    ...(cloud && { compute: cloud.compute, catalog: cloud.catalog }),
    operators: operators.length ? operatorList(operators) : everyoneOn(CONSOLE_PLATFORM),
    onFirstBoot: firstBoot,
  });
  session.attach(app.deps);
  const scheduler = startScheduler(app.deps, [...defaultJobs(), ...(cloud?.jobs ?? [])]);
  // Launches a previous run reserved but never settled (it stopped while asking the cloud).
  void watchLaunches(app.deps).catch((error: Error) =>
    log.error('checking launches in flight failed', { error: error.message }),
  );
  const outbox = await startOutboxDelivery(app.deps, app.database.listen);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= Promise.all([scheduler.stop(), outbox.stop()]).then(() => app.close()));
  const stopping = new AbortController();
  if (interactive) process.stderr.write(`Tally on ${app.database.where}. You are ${session.currentUser}.\n`);
  const conversation = runConsole(session, {
    input: process.stdin,
    output: process.stdout,
    interactive,
    stop: stopping.signal,
  });
  // The database closes only after the command in progress is answered: closing it under a running command hangs.
  onSignals(async () => {
    stopping.abort();
    await conversation;
    await close();
  });
  await conversation;
  await close();
}
