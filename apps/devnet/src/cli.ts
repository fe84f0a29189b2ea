/**
 * `pnpm dev`: three anvil chains, LayerZero endpoints, Tributary deployed and wired, the relayer
 * and the web app. Prints where everything is; Ctrl-C stops all of it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatEther } from 'viem';
import { chainNames, chains, devnetAccounts, devnetPorts, devnetRoles } from '@tributary/config';
import { devnetBeaconSpec } from '@tributary/beacon-sim';
import { type RelayerConfigDocument, devnetServiceKeys } from '@tributary/relayer';
import { startDevnet, wiring } from './index.ts';
import { waitFor } from './wait.ts';
import { startWebApp } from './web.ts';
import { type WorkerHealth, formatWorkerHealth, readLzWorkerHealth } from './workers.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values: args } = parseArgs({
  options: {
    'base-port': { type: 'string', default: String(chains.hub.port) },
    manifest: { type: 'string', default: join(repoRoot, 'deployments/local.json') },
    'web-port': { type: 'string', default: String(devnetPorts.web) },
    'metrics-port': { type: 'string', default: String(devnetPorts.relayerMetrics) },
    'beacon-port': { type: 'string', default: String(devnetBeaconSpec.port) },
    'no-web': { type: 'boolean', default: false },
  },
});

function port(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    process.stderr.write(`devnet: --${name} must be a port number, got "${value}"\n`);
    process.exit(2);
  }
  return parsed;
}

const step = (line: string) => process.stdout.write(`  ${line}\n`);
const stops: (() => Promise<void>)[] = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping devnet...\n');
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

/**
 * The relayer runs from a config file, as an operator would run it: written beside the manifest,
 * with a fresh checkpoint database (new chains make old checkpoints meaningless).
 */
function writeRelayerConfig(manifestPath: string, metricsPort: number, beaconUrl: string): string {
  const dir = join(dirname(manifestPath), '.relayer');
  const database = join(dir, `${basename(manifestPath, '.json')}.sqlite`);
  mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
  const configPath = join(dir, `${basename(manifestPath, '.json')}.relayer.json`);
  const document: RelayerConfigDocument = {
    manifest: manifestPath,
    chains: Object.fromEntries(chainNames.map((name) => [name, { confirmations: 0, rpcPollingIntervalMs: 100 }])),
    keys: devnetServiceKeys(),
    duties: { lzDelivery: true, dvn: true, localBridge: true, ratePush: true, batchSync: true, backingGuard: true, keeper: true, oracle: true, guardian: true, lossGuard: true },
    beaconUrl,
    statusPort: metricsPort,
    database,
  };
  writeFileSync(configPath, `${JSON.stringify(document, null, 2)}\n`);
  return configPath;
}

function startRelayerProcess(manifestPath: string, metricsPort: number, beaconUrl: string): ChildProcess {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.resolve('@tributary/relayer')));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--config', writeRelayerConfig(manifestPath, metricsPort, beaconUrl)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`relayer exited with code ${code}\n`);
      void shutdown(1);
    }
  });
  return child;
}

/** Prints a LayerZero worker's line again whenever it stops, fails or recovers. */
function watchWorkers(statusUrl: string, initial: readonly WorkerHealth[]) {
  let last = new Map(initial.map((worker) => [worker.worker, worker.state]));
  const timer = setInterval(() => {
    void readLzWorkerHealth(statusUrl).then((now) => {
      if (!now || stopping) return;
      for (const worker of now) {
        if (last.get(worker.worker) !== worker.state) process.stdout.write(`[${new Date().toISOString()}] ${formatWorkerHealth(worker)}\n`);
      }
      last = new Map(now.map((worker) => [worker.worker, worker.state]));
    });
  }, 2_000);
  stops.push(async () => clearInterval(timer));
}

try {
  process.stdout.write('Starting the Tributary devnet\n');
  const basePort = port('base-port', args['base-port']);
  const beaconPort = port('beacon-port', args['beacon-port']);
  const devnet = await startDevnet({ basePort, manifestPath: resolve(args.manifest), beaconPort, log: step });
  stops.push(devnet.stop);

  const metricsPort = port('metrics-port', args['metrics-port']);
  const relayer = startRelayerProcess(devnet.manifestPath, metricsPort, devnet.beaconUrl);
  stops.push(async () => {
    // A relayer that already exited (and so triggered this shutdown) fires no second 'exit'.
    if (relayer.exitCode !== null || relayer.signalCode !== null) return;
    const exited = new Promise((done) => relayer.once('exit', done));
    relayer.kill('SIGTERM');
    await exited;
  });
  step(`relayer started (metrics and health on http://127.0.0.1:${metricsPort})`);

  let webUrl: string | undefined;
  if (!args['no-web']) {
    const web = await startWebApp({ port: port('web-port', args['web-port']), manifestPath: devnet.manifestPath });
    stops.push(web.stop);
    webUrl = web.url;
  }

  // The DVNs and the executor deliver every cross-chain message: say whether they run.
  const statusUrl = `http://127.0.0.1:${metricsPort}`;
  let workers: WorkerHealth[] | undefined;
  await waitFor('the relayer\'s LayerZero workers to report', async () => {
    workers = await readLzWorkerHealth(statusUrl);
    return workers?.every((worker) => worker.state !== 'not running') ?? false;
  }, { timeoutMs: 60_000, intervalMs: 200 });

  process.stdout.write('\nTributary devnet is up\n');
  for (const name of chainNames) process.stdout.write(`  ${chains[name].label.padEnd(16)} ${devnet.manifest.chains[name].rpcUrl}  chain id ${chains[name].chainId}\n`);
  if (webUrl) process.stdout.write(`  Web app          ${webUrl}\n`);
  process.stdout.write(`  Relayer          http://127.0.0.1:${metricsPort}/healthz  /metrics\n`);
  for (const worker of workers!) process.stdout.write(`    ${formatWorkerHealth(worker)}\n`);
  process.stdout.write(`  Beacon API       ${devnet.beaconUrl} (simulated: ${wiring.oracle.secondsPerSlot} s slots, oracle frame every ${wiring.oracle.slotsPerFrame} slots)\n`);
  process.stdout.write(`  Manifest         ${devnet.manifestPath}\n`);
  process.stdout.write(`\nFunded accounts (${formatEther(10_000n * 10n ** 18n)} ETH on every chain; development keys, never use them elsewhere):\n`);
  devnetAccounts.forEach((account, index) => {
    const role = Object.entries(devnetRoles).find(([, roleIndex]) => roleIndex === index)?.[0];
    const label = role ? `(${role})` : '';
    process.stdout.write(`  [${index}] ${account.address} ${account.privateKey} ${label}\n`);
  });
  process.stdout.write('\nPress Ctrl-C to stop.\n');
  watchWorkers(statusUrl, workers!);
} catch (error) {
  process.stderr.write(`devnet failed to start: ${(error as Error).message}\n`);
  await shutdown(1);
}
