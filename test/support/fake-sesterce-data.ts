// What the fake Sesterce API offers, in the shapes of SESTERCE-API.md, with obviously fake ids.
// Prices are chosen to exercise the catalog: float noise, one SKU from two clouds, an offer
// available nowhere, a container-only offer, and both volume offer shapes (docs and CLI).

export const FAKE_SESTERCE_KEY = 'sk-FAKE-sesterce-0000000000';
export const CLOUD_A = 'c10d000000000000000000a1';
export const CLOUD_B = 'c10d000000000000000000b2';
export const HW_L40S = '00000000-0000-4000-8000-0000000000a1';
export const HW_H100 = '00000000-0000-4000-8000-0000000000a2';
export const HW_B200 = '00000000-0000-4000-8000-0000000000a3';
export const MODEL_LLAMA = '00000000-0000-4000-8000-0000000000b1';
export const MODEL_QWEN = '00000000-0000-4000-8000-0000000000b2';
export const MODEL_FLUX = '00000000-0000-4000-8000-0000000000b3';

const OS = ['ubuntu22.04_cuda12.2_shade_os', 'ubuntu24.04_cuda12.6'];
const place = (region: string, name: string, countryCode: string, available: boolean) => ({
  region,
  name,
  countryCode,
  available,
});
const FINLAND = (available: boolean) => place('eu-north-1', 'Helsinki', 'FI', available);
const VIRGINIA = (available: boolean) => place('us-east-1', 'Virginia', 'US', available);

function offer(
  instanceId: string,
  gpuName: string,
  gpuCount: number,
  size: { vRamGB: number; vCpu: number; ramGB: number },
  hourlyPrice: number,
  availability: ReturnType<typeof place>[],
  more: { cloud?: string; deploymentType?: string } = {},
) {
  const cloud = more.cloud ?? CLOUD_A;
  return {
    instanceId,
    gpuName,
    gpuCount,
    nvlink: gpuCount > 1,
    deploymentType: more.deploymentType ?? 'vm',
    cloudInitAvailable: true,
    cloud: { _id: cloud, name: cloud === CLOUD_A ? 'AZ_01' : 'AZ_02' },
    configuration: { ...size, storageGB: 500 * Math.max(1, gpuCount), os: OS, interconnect: 'sxm' },
    hourlyPrice,
    availability,
  };
}

export type FakeInstanceOffer = ReturnType<typeof offer>;

export function defaultInstanceOffers(): FakeInstanceOffer[] {
  return [
    offer('H100x1', 'H100', 1, { vRamGB: 80, vCpu: 26, ramGB: 225 }, 2.49, [FINLAND(true), VIRGINIA(false)]),
    // The same SKU from a second upstream cloud, dearer, elsewhere.
    offer('H100x1', 'H100', 1, { vRamGB: 80, vCpu: 26, ramGB: 225 }, 2.79, [VIRGINIA(true)], { cloud: CLOUD_B }),
    offer('H100x8', 'H100', 8, { vRamGB: 640, vCpu: 208, ramGB: 1800 }, 19.92, [VIRGINIA(true)]),
    offer('L40Sx1', 'L40S', 1, { vRamGB: 48, vCpu: 16, ramGB: 128 }, 0.99, [FINLAND(true), VIRGINIA(true)]),
    // Float noise as the API sends it: 3.59 must not become 3.60.
    offer('H200x1', 'H200', 1, { vRamGB: 141, vCpu: 32, ramGB: 256 }, 3.5900000000000003, [FINLAND(true)]),
    offer('A100_80Gx8', 'A100_80G', 8, { vRamGB: 640, vCpu: 192, ramGB: 1600 }, 12.4, [FINLAND(false)]),
    offer('RTX4090x1', 'RTX4090', 1, { vRamGB: 24, vCpu: 16, ramGB: 64 }, 0.59, [FINLAND(true)], {
      deploymentType: 'container',
    }),
  ];
}

/** One offer in the docs' shape (price as text), one in the CLI's (per-region objects, price a number). */
export function defaultVolumeOffers(): unknown[] {
  return [
    {
      cloudProvider: { _id: CLOUD_A, displayName: 'AZ_01' },
      minSizeInGb: 10,
      pricePerGbPerHour: '0.0001',
      regions: ['eu-north-1'],
    },
    { provider: CLOUD_B, regions: [{ name: 'us-east-1', minSizeInGb: 20, pricePerGbPerHour: 0.00012 }] },
  ];
}

export function defaultModels() {
  return [
    { id: MODEL_LLAMA, name: 'Llama 3.1 8B Instruct', port: 8000, defaultHardwareId: HW_L40S, features: ['chat'] },
    { id: MODEL_QWEN, name: 'Qwen2.5 72B Instruct', port: 8000, defaultHardwareId: HW_H100, features: ['chat'] },
    // No instance offer has B200s: the catalog cannot price it.
    { id: MODEL_FLUX, name: 'FLUX.1 schnell', port: 7860, defaultHardwareId: HW_B200, features: ['image'] },
  ];
}

export function defaultHardwares() {
  const gpu = (model: string, count: number, memory: number) => ({ model, count, memory });
  return [
    { id: HW_L40S, name: '1xL40S / 16 vCPU / 232GiB RAM', cpu: 16000, ram: 237568, gpu: gpu('L40S', 1, 48) },
    { id: HW_H100, name: '1xH100 / 26 vCPU / 225GiB RAM', cpu: 26000, ram: 230400, gpu: gpu('H100', 1, 80) },
    { id: HW_B200, name: '1xB200 / 32 vCPU / 256GiB RAM', cpu: 32000, ram: 262144, gpu: gpu('B200', 1, 180) },
  ];
}

export function defaultInferenceRegions() {
  return [
    {
      id: 1,
      name: 'eu-north-1',
      countryCode: 'FI',
      state: 'ACTIVE',
      capacities: [
        { hardwareId: HW_L40S, capacity: 4 },
        { hardwareId: HW_H100, capacity: 0 },
      ],
    },
    {
      id: 2,
      name: 'us-east-1',
      countryCode: 'US',
      state: 'ACTIVE',
      capacities: [{ hardwareId: HW_H100, capacity: 2 }],
    },
  ];
}
