import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { devnetServiceKeys, relayerConfig, startRelayer } from '@tributary/relayer';
import { startDevnet } from '../src/index.ts';
import { testPorts } from './ports.ts';

/** Far from the default devnet's ports, so tests run beside a `pnpm dev`. */
export const TEST_BASE_PORT = testPorts.devnet;
const TEST_BEACON_PORT = testPorts.beacon;

declare module 'vitest' {
  export interface ProvidedContext {
    manifestPath: string;
    beaconUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const manifestPath = resolve(import.meta.dirname, '../.devnet/test-manifest.json');
  const devnet = await startDevnet({ basePort: TEST_BASE_PORT, manifestPath, beaconPort: TEST_BEACON_PORT });
  const relayer = startRelayer(
    relayerConfig({
      manifest: manifestPath,
      keys: devnetServiceKeys(),
      duties: { lzDelivery: true, dvn: true, localBridge: true, keeper: true, oracle: true, guardian: true },
      beaconUrl: devnet.beaconUrl,
      loopIntervalMs: 100,
      // Small deposits leave within seconds, so the age trigger is exercised without long waits.
      thresholds: { batchMaxAgeSeconds: 3 },
      // A fresh devnet each run: checkpoints of an earlier one would mark its steps done.
      database: ':memory:',
    }),
  );
  project.provide('manifestPath', manifestPath);
  project.provide('beaconUrl', devnet.beaconUrl);
  return async () => {
    await relayer.stop();
    await devnet.stop();
  };
}
