// One of two bot processes in the multi-process test: runs the scheduled jobs against the
// database in argv[2] at the time in argv[3], recording every delivery to the file in argv[4].
import { appendFileSync } from 'node:fs';
import { manualClock } from '../../src/clock.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { drainOutbox } from '../../src/jobs/drain-outbox.ts';
import { scanBalances } from '../../src/jobs/scan-balances.ts';
import { silentLogger } from '../../src/logger.ts';
import { simulatedCompute } from '../../src/ports/compute.ts';
import { meterResources } from '../../src/resources/metering.ts';

const [url, at, out] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 }, { log: silentLogger });
const record = (line: string) => appendFileSync(out, `${line}\n`);
const deps = {
  db: database.prisma,
  clock: manualClock(at),
  log: silentLogger,
  compute: simulatedCompute(),
  notifier: {
    async sendDirect(to: { platformUserId: string }, message: { title?: string; text: string }) {
      record(`${to.platformUserId}|${message.title}|${message.text}`);
    },
    async sendToChannel(to: { channelId: string }, message: { title?: string; text: string }) {
      record(`#${to.channelId}|${message.title}|${message.text}`);
    },
  },
};
await meterResources(deps);
await scanBalances(deps);
// A drain a second, as the scheduler runs it, until no row is left to either process.
for (let i = 0; i < 600; i++) {
  await drainOutbox(deps as never, { batchSize: 20 });
  deps.clock.advance(1000);
  if ((await database.prisma.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0) break;
}
await database.close();
