import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's package; .ci/run installs it when missing. playwright-core never downloads a browser. */
export const CHROMIUM = process.env.TALLY_TEST_CHROMIUM ?? '/usr/bin/chromium';

// The machines have no internet: without these Chromium keeps trying to reach Google's services.
const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium, or a failure that says how to install it (a browser test must not pass by skipping). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (as root: apt-get update && apt-get install -y chromium), ` +
        'or point TALLY_TEST_CHROMIUM at a Chromium executable. .ci/run installs it in CI.',
    );
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: OFFLINE_ARGS });
}
