// Preloaded (`node --import`) into a bot a test starts: its clock runs TALLY_TEST_CLOCK_AHEAD_MS ahead,
// as if it had been started that much later. Lets a restart test see a reservation older than the
// launch watch's grace (2 minutes) without waiting for it. Test-only: nothing in src/ reads it.
const ahead = Number(process.env.TALLY_TEST_CLOCK_AHEAD_MS ?? 0);
if (ahead) {
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
