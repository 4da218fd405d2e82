// The thread that owns the embedded database: opens the folder the main thread has locked, then
// answers the bridge's requests (pglite-bridge.ts) until told to close.
import { parentPort, workerData } from 'node:worker_threads';
import { type PgliteReply, type PgliteRequest, type PgliteWorkerData, serializeError } from './pglite-messages.ts';
import { PgliteServer } from './pglite-server.ts';
import { openPgliteFolder } from './pglite-store.ts';

const port = parentPort!;
const { folder } = workerData as PgliteWorkerData;
const send = (reply: PgliteReply) => port.postMessage(reply);

try {
  const pglite = await openPgliteFolder(folder, {
    firstBoot: () => send({ kind: 'first-boot' }),
    leftoverRemoved: (name) =>
      send({
        kind: 'warn',
        message: 'removing an interrupted first boot of the embedded database',
        fields: { folder: name },
      }),
  });
  const server = new PgliteServer(pglite);
  // LISTEN here, on the one session: a NOTIFY (on commit) crosses to the main thread as news.
  const listen = (channel: string) =>
    pglite.listen(channel, () => send({ kind: 'notification', channel })).then(() => undefined);
  port.on('message', (request: PgliteRequest) => {
    (request.op === 'listen' ? listen(request.channel) : server.handle(request)).then(
      (value) => {
        try {
          send({ kind: 'done', id: request.id, value });
        } catch (error) {
          // A value structured clone cannot copy: the caller gets the error rather than no answer.
          send({ kind: 'failed', id: request.id, error: serializeError(error) });
        }
      },
      (error: unknown) => send({ kind: 'failed', id: request.id, error: serializeError(error) }),
    );
  });
  send({ kind: 'ready' });
} catch (error) {
  send({ kind: 'open-failed', error: serializeError(error) });
}
