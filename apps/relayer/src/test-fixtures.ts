import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChainName, chainNames, chains, localRpcUrl } from '@tributary/config';
import { hubContractNames, spokeContractNames } from '@tributary/contracts';

/** A well-formed manifest of the registry's chains (every address `base`) for tests that need one but no chain. */
export function writeTestManifest(dir: string, base = `0x${'00'.repeat(20)}`, name = 'manifest.json', names: readonly ChainName[] = chainNames): string {
  const entry = (chain: ChainName) => {
    const { role, chainId, eid } = chains[chain];
    const names = role === 'hub' ? hubContractNames : spokeContractNames;
    return { role, chainId, eid, rpcUrl: localRpcUrl(chain, 1), contracts: Object.fromEntries(names.map((contract) => [contract, base])) };
  };
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ chains: Object.fromEntries(names.map((chain) => [chain, entry(chain)])) }));
  return path;
}
