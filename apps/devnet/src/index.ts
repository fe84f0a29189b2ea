import { type Simulator, devnetBeaconSpec, startSimulator } from '@tributary/beacon-sim';
import { type ChainName, chainNames, chains, devnetAccounts, devnetRoles, localRpcUrl } from '@tributary/config';
import type { Manifest } from '@tributary/contracts';
import { type AnvilNode, startAnvil, writeManifest } from '@tributary/contracts/node';
import { type Clock, startClock } from './clock.ts';
import { deployDevnet, wiring } from './deploy.ts';

export { waitFor, WaitTimeoutError } from './wait.ts';
export { EPHEMERAL_PORT_START, portOffsetFromEnv } from './ports.ts';
export { deployDevnet, wiring } from './deploy.ts';

export interface DevnetOptions {
  /** Port of the hub's anvil; spokes follow on the next ports. */
  basePort?: number;
  /** Where to write the deployment manifest. */
  manifestPath: string;
  /** Port of the beacon chain simulator's Beacon API. */
  beaconPort?: number;
  log?: (line: string) => void;
  /** Mine an empty block on every idle chain each second (default on); tests that count blocks or hold a pool turn it off. */
  clock?: boolean;
}

export interface Devnet {
  manifest: Manifest;
  manifestPath: string;
  /** The beacon simulator's Beacon API, for the oracle. */
  beaconUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts one anvil per registry chain, deploys and wires everything, writes the manifest, and
 * starts the beacon chain simulator for the hub.
 */
export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const basePort = options.basePort ?? chains.hub.port;
  const log = options.log ?? (() => {});
  const nodes: AnvilNode[] = [];
  let simulator: Simulator | undefined;
  let clock: Clock | undefined;
  const stop = async () => {
    await clock?.stop();
    await simulator?.stop();
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    const rpcUrls = {} as Record<ChainName, string>;
    for (const name of chainNames) {
      const node = await startAnvil({
        chainId: chains[name].chainId,
        port: Number(new URL(localRpcUrl(name, basePort)).port),
        args: ['--accounts', String(devnetAccounts.length), '--balance', '10000'],
        label: `anvil ${name}`,
      });
      nodes.push(node);
      rpcUrls[name] = node.rpcUrl;
      log(`${name}: anvil (chain id ${chains[name].chainId}) at ${node.rpcUrl}`);
    }
    const manifest = await deployDevnet({ rpcUrls, log });
    writeManifest(options.manifestPath, manifest);
    log(`manifest written to ${options.manifestPath}`);
    if (options.clock ?? true) clock = startClock(nodes.map((node) => node.rpcUrl));
    simulator = await startSimulator({
      rpcUrl: manifest.chains.hub.rpcUrl,
      depositContract: manifest.chains.hub.contracts.BeaconDepositContract,
      withdrawalsKey: devnetAccounts[devnetRoles.beaconWithdrawals].privateKey,
      port: options.beaconPort ?? devnetBeaconSpec.port,
      model: { ...devnetBeaconSpec, secondsPerSlot: wiring.oracle.secondsPerSlot },
      skimIntervalSlots: devnetBeaconSpec.skimIntervalSlots,
      finalityLagEpochs: devnetBeaconSpec.finalityLagEpochs,
    });
    log(`beacon chain simulator at ${simulator.url}`);
    return { manifest, manifestPath: options.manifestPath, beaconUrl: simulator.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
