import { type ComputeProvider, simulatedCompute } from '../../src/ports/compute.ts';

/** The simulated cloud, counting what it provisions and which machines it is given back. */
export function countingCompute() {
  const inner = simulatedCompute();
  const calls = { provisioned: 0, released: [] as string[] };
  const compute: ComputeProvider = {
    ...inner,
    async provision(request) {
      calls.provisioned++;
      return inner.provision(request);
    },
    async release(kind, providerId) {
      calls.released.push(providerId);
      await inner.release(kind, providerId);
    },
  };
  return { compute, calls };
}
