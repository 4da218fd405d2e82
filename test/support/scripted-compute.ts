import { type ComputeProvider, type Machine, simulatedCompute } from '../../src/ports/compute.ts';

/**
 * The simulated cloud, told by the test how its next launches go: `delayMs` before answering,
 * `starting` (machines come up pending, and active only when `activate`d), or `fail` with an error.
 * `holdNext()` keeps the next launch's call out until the test releases it, with no timer to wait out.
 */
export function scriptedCompute() {
  const inner = simulatedCompute();
  let held: { arrived(): void; released: Promise<void> } | undefined;
  const script = {
    delayMs: 0,
    starting: false,
    fail: undefined as Error | undefined,
    /** What the cloud reports of pending machines: set by `activate` and `break`. */
    machines: new Map<string, Machine>(),
  };
  const compute: ComputeProvider = {
    ...inner,
    async provision(request) {
      const hold = held;
      held = undefined;
      if (hold) {
        hold.arrived();
        await hold.released;
      }
      if (script.delayMs) await new Promise((done) => setTimeout(done, script.delayMs));
      if (script.fail) throw script.fail;
      const machine = await inner.provision(request);
      if (!script.starting) return machine;
      const pending: Machine = { ...machine, status: 'pending', ipAddress: null };
      script.machines.set(machine.providerId, pending);
      return pending;
    },
    async lookup(kind, providerId) {
      return script.machines.get(providerId) ?? inner.lookup(kind, providerId);
    },
  };
  return {
    compute,
    script,
    /**
     * The next launch's call to the cloud waits until `release()`; `arrived` resolves once the call
     * is out (the launch's reservation committed before it).
     */
    holdNext() {
      let arrived = () => {};
      let release = () => {};
      const out = new Promise<void>((done) => {
        arrived = done;
      });
      const released = new Promise<void>((done) => {
        release = done;
      });
      held = { arrived, released };
      return { arrived: out, release };
    },
    /** The cloud reports the machine up, at `ip`. */
    activate(providerId: string, ip = '203.0.113.7') {
      const machine = script.machines.get(providerId)!;
      Object.assign(machine, { status: 'active', ipAddress: ip, ssh: { user: 'ubuntu', port: 22 } });
    },
    /** The cloud reports the machine in error, saying `problem`. */
    break(providerId: string, problem: string) {
      Object.assign(script.machines.get(providerId)!, { status: 'error', problem });
    },
  };
}
