/**
 * SIGTERM (docker stop, systemd) and SIGINT (Ctrl-C) ask for a stop: once it has finished cleanly
 * the process exits 0, as it did what was asked; 1 if stopping failed. Repeats are ignored (a
 * terminal's Ctrl-C reaches npm too, which forwards it again).
 */
export function onSignals(stop: () => Promise<void>) {
  let stopping = false;
  const handle = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Tally did not stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

export const firstBoot = () =>
  process.stderr.write('Preparing the embedded database (first start only, about 10 seconds)…\n');
