// Loaded with `node --import`: appends every module the process resolves (as a URL, one a line) to
// the file named by TALLY_RECORD_RESOLVES, so a test can see which packages a run loaded.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env.TALLY_RECORD_RESOLVES, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
