import { type Account, type Chain, type PublicClient, type Transport, type WalletClient, createPublicClient, createWalletClient, http } from 'viem';
import { type ChainName, chainNames } from '@tributary/config';
import { type Manifest, viemChain } from '@tributary/contracts';

export interface ChainClient {
  name: ChainName;
  chain: Chain;
  public: PublicClient<Transport, Chain>;
}

export type Wallet = WalletClient<Transport, Chain, Account>;

/** `pollingIntervalMs` also bounds viem's block-number cache, so every tick sees the newest block. */
export function chainClients(manifest: Manifest, pollingIntervalMs: number): Record<ChainName, ChainClient> {
  return Object.fromEntries(
    chainNames.map((name) => {
      const chain = viemChain(name, manifest.chains[name].rpcUrl);
      const client = createPublicClient({ chain, transport: http(), pollingInterval: pollingIntervalMs, cacheTime: 0 });
      return [name, { name, chain, public: client }];
    }),
  ) as Record<ChainName, ChainClient>;
}

export function walletFor(client: ChainClient, account: Account): Wallet {
  return createWalletClient({ chain: client.chain, account, transport: http() });
}
