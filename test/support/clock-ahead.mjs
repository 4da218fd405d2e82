// Preloaded (`node --import`) into a bot a test starts: its clock runs TALLY_TEST_CLOCK_AHEAD_MS ahead,
// as if it had been started that much later. Lets a restart test see a reservation older than the
// launch watch's grace (2 minutes) without waiting for it. With TALLY_TEST_CLOCK_JUMP_MS, each SIGUSR2
// moves the clock that much further ahead: a link made with `expires:5m` expires without a wait.
// Test-only: nothing in src/ reads them.
let ahead = Number(process.env.TALLY_TEST_CLOCK_AHEAD_MS ?? 0);
const jump = Number(process.env.TALLY_TEST_CLOCK_JUMP_MS ?? 0);
if (jump) process.on('SIGUSR2', () => (ahead += jump));
if (ahead || jump) {
  const RealDate = Date;
  class AheadDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + ahead);
      else super(...args);
    }
    static now() {
      return RealDate.now() + ahead;
    }
    // Dates made elsewhere (another thread, native code) are dates too.
    static [Symbol.hasInstance](value) {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = AheadDate;
}
