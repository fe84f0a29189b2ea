import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { devnetAccounts, devnetDvnSigners, devnetGuardians, devnetOracleMembers, devnetRoles } from '@tributary/config';
import { startRelayer } from '@tributary/relayer';
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
  const relayer = startRelayer({
    manifest: devnet.manifest,
    relayerKey: devnetAccounts[devnetRoles.relayer].privateKey,
    lzDeliveryKey: devnetAccounts[devnetRoles.lzDelivery].privateKey,
    dvnKeys: devnetDvnSigners.map((index) => devnetAccounts[index].privateKey),
    keeperKey: devnetAccounts[devnetRoles.keeper].privateKey,
    oracleMemberKeys: devnetOracleMembers.map((index) => devnetAccounts[index].privateKey),
    guardianKeys: devnetGuardians.map((index) => devnetAccounts[index].privateKey),
    beaconUrl: devnet.beaconUrl,
    pollIntervalMs: 100,
    // Small deposits leave within seconds, so the age trigger is exercised without long waits.
    batch: { maxBatchAgeSeconds: 3n },
  });
  project.provide('manifestPath', manifestPath);
  project.provide('beaconUrl', devnet.beaconUrl);
  return async () => {
    await relayer.stop();
    await devnet.stop();
  };
}
