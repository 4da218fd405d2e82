// `npm start`: runs an entry of Tally (bin/tally.ts) as plain JavaScript from dist/, compiling first
// only when a source changed. The bot runs in this very process, so a signal sent to it (npm execs
// node) reaches the bot's handlers, and no compiler stays loaded beside it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ensureBuilt } from './build.mjs';

const [entry = 'bin/tally.ts'] = process.argv.splice(2, 1);
await ensureBuilt();
await import(pathToFileURL(join(DIST, entry.replace(/\.ts$/, '.js'))).href);
