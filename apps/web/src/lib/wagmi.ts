import { type Chain, http } from 'viem';
import { type Config, type CreateConnectorFn, createConfig, createStorage, noopStorage } from 'wagmi';
import { type ChainName, chainNames, chains, devnetAccounts, firstUserAccount } from '@tributary/config';
import type { Manifest } from '@tributary/contracts';
import { viemChain } from '@tributary/contracts/chains';
import { devnetAccount } from './devnetConnector';

/** Devnet accounts offered in the page; the lower indexes sign for the deployer and the relayer. */
export const userAccountIndexes: readonly number[] = devnetAccounts.map((_, index) => index).filter((index) => index >= firstUserAccount);

/** Local keys are public: offer them only when every chain is a node on this machine. */
export function isLocalDevnet(manifest: Manifest): boolean {
  return chainNames.every((name) => {
    const host = new URL(manifest.chains[name].rpcUrl).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  });
}

/** The registry's chains this app runs, hub first, served at the manifest's RPC URLs. */
function manifestChains(manifest: Manifest): [Chain, ...Chain[]] {
  const [hub, ...spokes] = chainNames.map((name: ChainName) => viemChain(name, manifest.chains[name].rpcUrl));
  return [hub!, ...spokes];
}

/** The wagmi config for one manifest: its RPC URLs, EIP-6963 wallets, and devnet accounts on local chains. */
export function createWagmiConfig(manifest: Manifest): Config {
  const devnetConnectors: CreateConnectorFn[] = isLocalDevnet(manifest)
    ? userAccountIndexes.map((index) => devnetAccount({ index, ...devnetAccounts[index]! }))
    : [];
  return createConfig({
    chains: manifestChains(manifest),
    transports: Object.fromEntries(chainNames.map((name) => [chains[name].chainId, http(manifest.chains[name].rpcUrl)])),
    connectors: devnetConnectors,
    // Injected wallets announce themselves through EIP-6963; wagmi turns each into a connector.
    multiInjectedProviderDiscovery: true,
    // Local chains mine a block per transaction; a second is quick enough to see balances move.
    pollingInterval: 1_000,
    ssr: true,
    storage: createStorage({ key: 'tributary', storage: typeof window === 'undefined' ? noopStorage : window.localStorage }),
  });
}
