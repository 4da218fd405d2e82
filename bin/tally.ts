// The composition root: reads the settings, then runs the platforms configured, or the terminal.
// Each is imported only when chosen, so the console never loads a platform's SDK or the HTTP server.
import { ConfigError } from '../src/config.ts';
import { isTallyError } from '../src/errors.ts';
import { anyPlatform, loadSettings } from './settings.ts';

async function main() {
  const settings = loadSettings();
  if (anyPlatform(settings)) await (await import('./run-platforms.ts')).runPlatforms(settings);
  else
    await (await import('./run-terminal.ts')).runTerminal(
      settings.core,
      settings.console,
      settings.operators,
      settings.sesterce,
    );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || (isTallyError(error) && error.code === 'database_in_use')) {
    process.stderr.write(`${(error as Error).message}\n`);
  } else {
    process.stderr.write(`Tally stopped: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
