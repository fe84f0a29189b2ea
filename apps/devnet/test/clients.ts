import { type Account, type Chain, type PublicClient, type Transport, type WalletClient, createPublicClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { inject } from 'vitest';
import { type ChainName, chainNames, devnetAccounts } from '@tributary/config';
import { type Manifest, viemChain } from '@tributary/contracts';
import { readManifest } from '@tributary/contracts/node';

export interface TestChain {
  public: PublicClient<Transport, Chain>;
  wallet(accountIndex: number): WalletClient<Transport, Chain, Account>;
}

/** Clients for every chain of the suite's devnet; tests sign with their own account index. */
export function testDevnet(): { manifest: Manifest; chains: Record<ChainName, TestChain> } {
  const manifest = readManifest(inject('manifestPath'));
  const entries = chainNames.map((name) => {
    const chain = viemChain(name, manifest.chains[name].rpcUrl);
    const transport = http();
    const testChain: TestChain = {
      public: createPublicClient({ chain, transport, pollingInterval: 50, cacheTime: 0 }),
      wallet: (index) => createWalletClient({ chain, transport, account: privateKeyToAccount(devnetAccounts[index]!.privateKey) }),
    };
    return [name, testChain] as const;
  });
  return { manifest, chains: Object.fromEntries(entries) as Record<ChainName, TestChain> };
}
