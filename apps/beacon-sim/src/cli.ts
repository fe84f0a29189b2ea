import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { devnetAccounts, devnetRoles } from '@tributary/config';
import { ManifestError, tributaryOracleAbi, viemChain } from '@tributary/contracts';
import { readManifest } from '@tributary/contracts/node';
import { createPublicClient, http } from 'viem';
import { devnetBeaconSpec } from './devnet.ts';
import { startSimulator } from './simulator.ts';

const usage = `Usage: tributary-beacon-sim [--manifest deployments/local.json] [--port ${devnetBeaconSpec.port}] [--apr-bps ${devnetBeaconSpec.aprBps}]
Simulates the beacon chain for the hub of a local devnet and serves the Beacon API.`;

function fail(message: string): never {
  process.stderr.write(`tributary-beacon-sim: ${message}\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      manifest: { type: 'string', default: 'deployments/local.json' },
      port: { type: 'string', default: String(devnetBeaconSpec.port) },
      'apr-bps': { type: 'string', default: String(devnetBeaconSpec.aprBps) },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be a port number, got "${values.port}"`);
const aprBps = Number(values['apr-bps']);
if (!Number.isInteger(aprBps) || aprBps < 0 || aprBps > 10_000) fail(`--apr-bps must be 0..10000, got "${values['apr-bps']}"`);

let manifest;
try {
  manifest = readManifest(resolve(process.env.INIT_CWD ?? process.cwd(), values.manifest));
} catch (error) {
  if (error instanceof ManifestError) fail(error.message);
  throw error;
}

const hub = manifest.chains.hub;
// The slot clock is the one the protocol's oracle was configured with.
const frameConfig = await createPublicClient({ chain: viemChain('hub', hub.rpcUrl), transport: http() }).readContract({
  address: hub.contracts.TributaryOracle,
  abi: tributaryOracleAbi,
  functionName: 'frameConfig',
});
const simulator = await startSimulator({
  rpcUrl: hub.rpcUrl,
  depositContract: hub.contracts.BeaconDepositContract,
  withdrawalsKey: devnetAccounts[devnetRoles.beaconWithdrawals].privateKey,
  port,
  model: { ...devnetBeaconSpec, aprBps, genesisTime: Number(frameConfig.genesisTime), secondsPerSlot: Number(frameConfig.secondsPerSlot) },
  skimIntervalSlots: devnetBeaconSpec.skimIntervalSlots,
  finalityLagEpochs: devnetBeaconSpec.finalityLagEpochs,
  log: (level, msg, fields) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`),
});
process.stdout.write(`beacon simulator serving ${simulator.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void simulator.stop().then(() => process.exit(0)));
