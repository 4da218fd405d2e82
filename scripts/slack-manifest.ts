// Writes manifest.json from the command list: `npm run slack:manifest`.
import { writeFileSync } from 'node:fs';
import { buildManifest } from '../adapters/slack/manifest.ts';

writeFileSync(new URL('../manifest.json', import.meta.url), `${JSON.stringify(buildManifest(), null, 2)}\n`);
console.log('manifest.json written');
