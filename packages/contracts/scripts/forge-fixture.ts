/**
 * Writes the devnet's deployment plan for the forge tests (src/generated/forge-system.json, read by
 * contracts/test/utils/DeployedSystem.sol): the same plan `pnpm dev` sends, with one deployer per
 * chain because forge runs every chain in one EVM. Forge replays it transaction by transaction, so
 * its fixture is the system the devnet runs, not a second description of it.
 */
import { writeFileSync } from 'node:fs';
import { type Address, getAddress, toHex } from 'viem';
import { devnetNetwork, planSystem } from '../src/deploy/index.ts';

/** The fixture's beacon genesis; the forge tests start later (FORGE_START in DeployedSystem.sol). */
const GENESIS_TIME = 1_700_000_000n;
const network = devnetNetwork(GENESIS_TIME);
const deployers = Object.fromEntries(network.chains.map((chain, index) => [chain.name, getAddress(toHex(0xde9100 + index, { size: 20 })) as Address]));
const plan = planSystem(network, { deployer: deployers, nonces: Object.fromEntries(network.chains.map((chain) => [chain.name, 0])) });

const fixture = {
  chains: network.chains.map((chain) => chain.name),
  genesisTime: Number(GENESIS_TIME),
  ...Object.fromEntries(
    network.chains.map((chain) => {
      const { transactions, contracts } = plan.chains[chain.name]!;
      return [
        chain.name,
        {
          eid: chain.eid,
          deployer: deployers[chain.name],
          // A creation has no target (the zero address here) and the address it must land at.
          to: transactions.map((tx) => tx.to ?? '0x0000000000000000000000000000000000000000'),
          creates: transactions.map((tx) => tx.creates ?? '0x0000000000000000000000000000000000000000'),
          values: transactions.map((tx) => tx.value.toString()),
          data: transactions.map((tx) => tx.data),
          contracts,
        },
      ];
    }),
  ),
};
const path = new URL('../src/generated/forge-system.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(fixture)}\n`);
console.log(`wrote the devnet plan for forge: ${network.chains.map((chain) => `${chain.name} ${plan.chains[chain.name]!.transactions.length}`).join(', ')} transactions`);
