/**
 * Deploys the devnet through the one deploy path (@tributary/contracts/deploy): LayerZero's
 * production stack and Tributary on every chain, wired and handed to the timelocks, exactly as
 * `deploy --network devnet` plans it. Returns the manifest.
 */
import { type Chain, createPublicClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type ChainName, chainNames } from '@tributary/config';
import { type Manifest, viemChain } from '@tributary/contracts';
import { type ChainSender, deployNetwork, devnetDeployer, devnetManifest, devnetNetwork } from '@tributary/contracts/deploy';

export { wiring } from '@tributary/contracts/deploy';

export interface DeployOptions {
  rpcUrls: Record<ChainName, string>;
  log?: (line: string) => void;
}

function sender(name: ChainName, rpcUrl: string): ChainSender {
  const chain: Chain = viemChain(name, rpcUrl);
  const account = privateKeyToAccount(devnetDeployer.privateKey);
  return {
    // anvil mines on arrival: poll receipts often rather than at viem's 4 s default.
    publicClient: createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 20 }),
    walletClient: createWalletClient({ chain, account, transport: http(rpcUrl) }),
  };
}

export async function deployDevnet(options: DeployOptions): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const senders = Object.fromEntries(chainNames.map((name) => [name, sender(name, options.rpcUrls[name])])) as Record<ChainName, ChainSender>;
  // The beacon simulator's genesis is the hub's genesis block, so both count slots alike.
  const genesis = await senders.hub.publicClient.getBlock({ blockNumber: 0n });
  const plan = await deployNetwork(devnetNetwork(genesis.timestamp), senders, { log });
  const manifest = devnetManifest(plan, options.rpcUrls);
  const { hub } = manifest.chains;
  log(`hub: TrETH ${hub.contracts.TrETH}, oracle ${hub.contracts.TributaryOracle}, timelock ${hub.contracts.Timelock}; every pathway on ULN302 with DVNs ${hub.contracts.DVN1} ${hub.contracts.DVN2}`);
  return manifest;
}
