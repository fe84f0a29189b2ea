import { type ChainName, chainNames, chains } from '@tributary/config';
import { type Manifest, writeManifest } from '@tributary/contracts';
import { type AnvilNode, startAnvil } from './anvil.ts';
import { deployDevnet } from './deploy.ts';

export { waitFor, WaitTimeoutError } from './wait.ts';
export { deployDevnet, wiring } from './deploy.ts';

export interface DevnetOptions {
  /** Port of the hub's anvil; spokes follow on the next ports. */
  basePort?: number;
  /** Where to write the deployment manifest. */
  manifestPath: string;
  log?: (line: string) => void;
}

export interface Devnet {
  manifest: Manifest;
  manifestPath: string;
  stop(): Promise<void>;
}

/** Starts one anvil per registry chain, deploys and wires everything, writes the manifest. */
export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const basePort = options.basePort ?? chains.hub.port;
  const log = options.log ?? (() => {});
  const nodes: AnvilNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (const name of chainNames) {
      nodes.push(await startAnvil(name, basePort));
      log(`${name}: anvil (chain id ${chains[name].chainId}) at ${nodes.at(-1)?.rpcUrl}`);
    }
    const rpcUrls = Object.fromEntries(nodes.map((node) => [node.name, node.rpcUrl])) as Record<ChainName, string>;
    const manifest = await deployDevnet({ rpcUrls, log });
    writeManifest(options.manifestPath, manifest);
    log(`manifest written to ${options.manifestPath}`);
    return { manifest, manifestPath: options.manifestPath, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
