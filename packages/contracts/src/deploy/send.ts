/**
 * Sends a planned deployment. Each chain's transactions go out back to back from the deployer, with
 * the nonces the plan gave them (the chains in parallel); no receipt is awaited between them on a
 * chain that mines on arrival (anvil), and all are checked at the end: every one succeeded and every
 * creation landed at the address the plan gave it, which every later transaction relied on.
 * Each transaction is simulated (gas estimate) just before it is sent, so a step that would revert
 * stops the deploy there with its reason, before it is mined.
 */
import type { Account, Address, Chain, Hash, PublicClient, Transport, WalletClient } from 'viem';
import type { PlannedTransaction } from './plan.ts';
import { describeTransaction, namerFor } from './print.ts';
import type { SystemPlan } from './system.ts';

export interface ChainSender {
  publicClient: PublicClient;
  /** The plan's deployer. */
  walletClient: WalletClient<Transport, Chain, Account>;
}

export interface SendOptions {
  log?: (line: string) => void;
  /**
   * Wait for each receipt before estimating the next transaction: needed where blocks are not
   * mined on arrival (a public network), since the next estimate must see the last one's state.
   */
  confirmEach?: boolean;
}

export class DeployError extends Error {
  override name = 'DeployError';
}

/** anvil's estimate is the exact gas used; anything mined in between could make it short. */
const withMargin = (gas: bigint) => (gas * 5n) / 4n;

export async function sendPlan(plan: SystemPlan, senders: Readonly<Record<string, ChainSender>>, options: SendOptions = {}): Promise<void> {
  const namer = namerFor(plan);
  // Every chain is checked before any is sent to: a plan that cannot run everywhere sends nothing.
  const problems = (await Promise.all(plan.network.chains.map((chain) => preflight(plan, chain.name, chain.chainId, senders[chain.name])))).flat();
  if (problems.length > 0) throw new DeployError(`nothing was sent:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  await Promise.all(
    plan.network.chains.map(async (chain) => {
      const { publicClient, walletClient } = senders[chain.name]!;
      const chainPlan = plan.chains[chain.name]!;
      const describe = (tx: PlannedTransaction) => `${chain.name} #${tx.nonce - chainPlan.firstNonce} (nonce ${tx.nonce}) ${describeTransaction(tx, namer)}`;
      const from = walletClient.account.address;
      const fees = await publicClient.estimateFeesPerGas();
      const hashes: Hash[] = [];
      for (const tx of chainPlan.transactions) {
        const call = { account: from, data: tx.data, value: tx.value, ...(tx.to ? { to: tx.to } : {}) };
        let gas: bigint;
        try {
          gas = await publicClient.estimateGas(call);
        } catch (error) {
          throw new DeployError(`${describe(tx)} would revert: ${error instanceof Error ? (error as { shortMessage?: string }).shortMessage ?? error.message : String(error)}`);
        }
        const serializedTransaction = await walletClient.signTransaction({ ...call, to: tx.to, nonce: tx.nonce, gas: withMargin(gas), ...fees, chain: walletClient.chain });
        const hash = await walletClient.sendRawTransaction({ serializedTransaction });
        hashes.push(hash);
        if (options.confirmEach) await checkReceipt(publicClient, hash, tx, describe);
      }
      // Mined in order from one account: once the last is in, all are.
      await publicClient.waitForTransactionReceipt({ hash: hashes.at(-1)!, pollingInterval: 50 });
      let gasUsed = 0n;
      for (const [index, hash] of hashes.entries()) gasUsed += await checkReceipt(publicClient, hash, chainPlan.transactions[index]!, describe);
      options.log?.(`${chain.name}: ${hashes.length} transactions, ${gasUsed.toLocaleString('en-US')} gas`);
    }),
  );
}

/** Why `chain` cannot take its part of the plan (empty: it can). */
async function preflight(plan: SystemPlan, chain: string, chainId: number, sender: ChainSender | undefined): Promise<string[]> {
  if (!sender) return [`${chain}: no RPC and wallet`];
  const chainPlan = plan.chains[chain]!;
  const from = sender.walletClient.account.address;
  if (from.toLowerCase() !== chainPlan.from.toLowerCase()) return [`${chain}: the wallet is ${from}, the plan's deployer ${chainPlan.from}`];
  const served = await sender.publicClient.getChainId();
  if (served !== chainId) return [`${chain}: the RPC serves chain ${served}, the network says ${chainId}`];
  const nonce = await sender.publicClient.getTransactionCount({ address: from, blockTag: 'pending' });
  if (nonce !== chainPlan.firstNonce) return [`${chain}: the deployer's next nonce is ${nonce}, the plan starts at ${chainPlan.firstNonce}: plan again (every address depends on it)`];
  return [];
}

async function checkReceipt(publicClient: PublicClient, hash: Hash, tx: PlannedTransaction, describe: (tx: PlannedTransaction) => string): Promise<bigint> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== 'success') throw new DeployError(`${describe(tx)} reverted in ${hash}`);
  const created = receipt.contractAddress as Address | null | undefined;
  if (tx.creates && created?.toLowerCase() !== tx.creates.toLowerCase()) {
    throw new DeployError(`${describe(tx)} created ${created}, the plan expected ${tx.creates}`);
  }
  return receipt.gasUsed;
}
