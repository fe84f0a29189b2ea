import { type Chain, defineChain } from 'viem';
import { type ChainName, chains } from '@tributary/config';

/** A viem chain for a registry chain served at `rpcUrl` (usually the manifest's). */
export function viemChain(name: ChainName, rpcUrl: string): Chain {
  return defineChain({
    id: chains[name].chainId,
    name: chains[name].label,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}
