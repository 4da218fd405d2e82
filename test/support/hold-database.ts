// A second process for the lock tests: opens the embedded database in argv[2], says "ready",
// and holds it until killed (SIGTERM closes cleanly; SIGKILL leaves a stale lock behind).
import { openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/logger.ts';

const db = await openDatabase({ kind: 'pglite', folder: process.argv[2]! }, { log: silentLogger });
process.on('SIGTERM', () => {
  void db.close().then(() => process.exit(0));
});
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
