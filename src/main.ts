import { userInfo } from 'node:os';
import { ConsoleSession } from '../adapters/console/console-session.ts';
import { runConsole } from '../adapters/console/run-console.ts';
import { startApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

function localName(): string {
  const name = userInfo().username.replace(/[^\w.-]/g, '');
  return name && name !== 'root' ? name : 'alice';
}

async function main() {
  const config = loadConfig();
  const interactive = Boolean(process.stdin.isTTY);
  // The console owns the terminal: logs below warnings would drown the conversation.
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const session = new ConsoleSession(config.consoleUser ?? localName());
  const app = await startApp(config, {
    log,
    notifier: session,
    onFirstBoot: () => process.stderr.write('Preparing the embedded database (first start only, about 10 seconds)…\n'),
  });
  session.attach(app.deps);
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    await app.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(130));
  process.on('SIGTERM', () => void shutdown(143));
  if (interactive) process.stderr.write(`Tally on ${app.database.where}. You are ${session.currentUser}.\n`);
  await runConsole(session, { input: process.stdin, output: process.stdout, interactive });
  await shutdown(0);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || (error as { code?: string }).code === 'database_in_use') {
    process.stderr.write(`${(error as Error).message}\n`);
  } else {
    process.stderr.write(`Tally stopped: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
