/** The one deploy path: a network (devnet.ts, or a file read by network.ts), planned (system.ts), printed or sent. */
import type { Address } from 'viem';
import { type ChainSender, type SendOptions, sendPlan } from './send.ts';
import { type SystemPlan, planSystem } from './system.ts';
import type { Network } from './network.ts';

export * from './devnet.ts';
export * from './network.ts';
export * from './parameters.ts';
export * from './plan.ts';
export * from './print.ts';
export * from './send.ts';
export * from './system.ts';

/** The deployer's next nonce on every chain, from its RPC. */
export async function readNonces(network: Network, senders: Readonly<Record<string, ChainSender>>, deployer: Address): Promise<Record<string, number>> {
  const entries = await Promise.all(
    network.chains.map(async (chain) => [chain.name, await senders[chain.name]!.publicClient.getTransactionCount({ address: deployer, blockTag: 'pending' })] as const),
  );
  return Object.fromEntries(entries);
}

/** Plans `network` from the deployer's current nonces and sends it; returns the plan, whose `contracts` are now deployed. */
export async function deployNetwork(network: Network, senders: Readonly<Record<string, ChainSender>>, options: SendOptions = {}): Promise<SystemPlan> {
  const deployer = Object.values(senders)[0]!.walletClient.account.address;
  const plan = planSystem(network, { deployer, nonces: await readNonces(network, senders, deployer) });
  await sendPlan(plan, senders, options);
  return plan;
}
