// Node 20 runs a worker's entry without the main thread's `--import tsx` (and vitest's own
// transform never reaches worker threads), so the worker registers tsx itself before loading
// its TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
