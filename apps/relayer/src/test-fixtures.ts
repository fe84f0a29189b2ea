import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { layerZeroContractNames } from '@tributary/contracts';

/** A well-formed manifest (every address `base`) for tests that need one but no chain. */
export function writeTestManifest(dir: string, base = `0x${'00'.repeat(20)}`, name = 'manifest.json'): string {
  const contracts = (names: string[]) => Object.fromEntries(names.map((contract) => [contract, base]));
  const spoke = ['TrETH', 'SpokePool', 'RateReceiver', 'BridgeAdapter', 'Timelock', ...layerZeroContractNames];
  const hub = ['TrETH', 'TrETHAdapter', 'WithdrawalQueue', 'RateBroadcaster', 'NodeOperatorRegistry', 'WithdrawalVault', 'TributaryOracle', 'OracleReportSanityChecker', 'BackingLedger', 'WETH', 'BeaconDepositContract', 'DepositSecurityModule', 'LocalBridgeHub', 'Timelock', ...layerZeroContractNames];
  const path = join(dir, name);
  writeFileSync(
    path,
    JSON.stringify({
      chains: {
        hub: { role: 'hub', chainId: 31337, eid: 40101, rpcUrl: 'http://127.0.0.1:1', contracts: contracts(hub) },
        alpha: { role: 'spoke', chainId: 31338, eid: 40102, rpcUrl: 'http://127.0.0.1:2', contracts: contracts(spoke) },
        beta: { role: 'spoke', chainId: 31339, eid: 40103, rpcUrl: 'http://127.0.0.1:3', contracts: contracts(spoke) },
      },
    }),
  );
  return path;
}
