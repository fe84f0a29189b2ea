/**
 * Sends a planned deployment. Each chain's transactions go out back to back from the deployer, with
 * the nonces the plan gave them (the chains in parallel); no receipt is awaited between them on a
 * chain that mines on arrival (anvil), and all are checked at the end: every one succeeded, every
 * creation landed at the address the plan gave it, which every later transaction relied on, and
 * the chain reads back what the plan expects (the timelock owns everything, the deployer nothing).
 * Each transaction is simulated (gas estimate) just before it is sent, so a step that would revert
 * stops the deploy there with its reason, before it is mined; the other chains stop at their next
 * step.
 */
import { writeFileSync } from 'node:fs';
import { type Account, type Chain, type Hash, type Hex, type PublicClient, type Transport, type WalletClient, isAddressEqual } from 'viem';
import type { PlannedTransaction } from './plan.ts';
import { describeTransaction, namerFor, planDigest } from './print.ts';
import type { SystemPlan } from './system.ts';

export interface ChainSender {
  publicClient: PublicClient;
  /** The plan's deployer. */
  walletClient: WalletClient<Transport, Chain, Account>;
}

export interface SendOptions {
  log?: (line: string) => void;
  /**
   * Wait for each receipt before estimating the next transaction, with fees read for each: needed
   * where blocks are not mined on arrival (a public network), since the next estimate must see the
   * last one's state.
   */
  confirmEach?: boolean;
  /** How long one receipt may take (default 10 minutes with `confirmEach`, else 1 minute). */
  receiptTimeoutMs?: number;
  /** Where to record every transaction sent, as it is sent: what a stopped deploy resumes from. */
  journalPath?: string;
  /** A stopped deploy's journal: what it sent is checked, not sent again, and the plan goes on from there. */
  resume?: Journal;
}

/** What a deploy has sent, per chain, in plan order; written after every transaction. */
export interface Journal {
  network: string;
  /** The plan's digest: only the same plan resumes. */
  digest: Hex;
  chains: Record<string, { firstNonce: number; hashes: Hash[] }>;
}

export class DeployError extends Error {
  override name = 'DeployError';
}

/** anvil's estimate is the exact gas used; anything mined in between could make it short. */
const withMargin = (gas: bigint) => (gas * 5n) / 4n;

/**
 * A floor on what a chain's part costs, for the balance check before anything is sent: the ETH the
 * plan sends, and gas at the current fee for each transaction (a creation's code deposit and
 * calldata, 250k for a call), never above what the estimates will say.
 */
function minimumCost(transactions: readonly PlannedTransaction[], maxFeePerGas: bigint): bigint {
  let gas = 0n;
  let value = 0n;
  for (const tx of transactions) {
    const bytes = BigInt((tx.data.length - 2) / 2);
    gas += tx.to ? 50_000n : 53_000n + bytes * 200n;
    value += tx.value;
  }
  return value + gas * maxFeePerGas;
}

const messageOf = (error: unknown) => (error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error));

export async function sendPlan(plan: SystemPlan, senders: Readonly<Record<string, ChainSender>>, options: SendOptions = {}): Promise<void> {
  const namer = namerFor(plan);
  const digest = planDigest(plan);
  if (options.resume && options.resume.digest !== digest) {
    throw new DeployError(`nothing was sent: the journal is of another plan (digest ${options.resume.digest}, this plan ${digest}): the network file, the code or the nonces changed`);
  }
  const journal: Journal = { network: plan.network.name, digest, chains: {} };
  const record = () => options.journalPath && writeFileSync(options.journalPath, `${JSON.stringify(journal, null, 2)}\n`);
  // Every chain is checked before any is sent to: a plan that cannot start everywhere sends nothing.
  const problems = (
    await Promise.all(plan.network.chains.map(async (chain) => {
      const { problems: found, sent } = await preflight(plan, chain.name, chain.chainId, senders[chain.name], options.resume?.chains[chain.name]?.hashes ?? []);
      journal.chains[chain.name] = { firstNonce: plan.chains[chain.name]!.firstNonce, hashes: sent };
      return found;
    }))
  ).flat();
  if (problems.length > 0) throw new DeployError(`nothing was sent:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  record();
  const timeout = options.receiptTimeoutMs ?? (options.confirmEach ? 600_000 : 60_000);
  const progress: Record<string, number> = {};
  let failure: DeployError | undefined;

  const sendChain = async (name: string) => {
    const { publicClient, walletClient } = senders[name]!;
    const chainPlan = plan.chains[name]!;
    const describe = (tx: PlannedTransaction) => `${name} #${tx.nonce - chainPlan.firstNonce} (nonce ${tx.nonce}) ${describeTransaction(tx, namer)}`;
    const from = walletClient.account.address;
    let fees = await publicClient.estimateFeesPerGas();
    // A resumed deploy's mined transactions are checked with the rest, not sent again.
    const hashes = journal.chains[name]!.hashes;
    const resumed = hashes.length;
    let gasUsed = 0n;
    for (const [index, hash] of hashes.entries()) gasUsed += await checkReceipt(publicClient, hash, chainPlan.transactions[index]!, describe, timeout);
    progress[name] = resumed;
    for (const tx of chainPlan.transactions.slice(hashes.length)) {
      if (failure) return;
      const call = { account: from, data: tx.data, value: tx.value, ...(tx.to ? { to: tx.to } : {}) };
      let gas: bigint;
      try {
        gas = await publicClient.estimateGas(call);
      } catch (error) {
        throw new DeployError(`${describe(tx)} would revert: ${messageOf(error)}`);
      }
      if (options.confirmEach) fees = await publicClient.estimateFeesPerGas();
      let hash: Hash;
      try {
        const serializedTransaction = await walletClient.signTransaction({ ...call, to: tx.to, nonce: tx.nonce, gas: withMargin(gas), ...fees, chain: walletClient.chain });
        hash = await walletClient.sendRawTransaction({ serializedTransaction });
      } catch (error) {
        throw new DeployError(`${describe(tx)} could not be sent: ${messageOf(error)}`);
      }
      hashes.push(hash);
      record();
      if (options.confirmEach) await checkReceipt(publicClient, hash, tx, describe, timeout);
      progress[name] = hashes.length;
    }
    for (const [index, hash] of hashes.entries()) {
      if (index >= resumed) gasUsed += await checkReceipt(publicClient, hash, chainPlan.transactions[index]!, describe, timeout);
    }
    options.log?.(`${name}: ${hashes.length} transactions${resumed > 0 ? ` (${resumed} from the journal)` : ''}, ${gasUsed.toLocaleString('en-US')} gas`);
  };

  await Promise.all(
    plan.network.chains.map((chain) =>
      sendChain(chain.name).catch((error: unknown) => {
        failure ??= error instanceof DeployError ? error : new DeployError(`${chain.name}: ${messageOf(error)}`);
      }),
    ),
  );
  if (failure) {
    const sent = plan.network.chains.map((chain) => `${chain.name} ${progress[chain.name] ?? 0} of ${plan.chains[chain.name]!.transactions.length}`).join(', ');
    const resume = options.journalPath ? `; resume it with the journal ${options.journalPath}` : '';
    throw new DeployError(`${failure.message}\nthe deploy stopped; transactions sent: ${sent}${resume}`);
  }
  const mismatches = await readBack(plan, senders);
  if (mismatches.length > 0) throw new DeployError(`every transaction succeeded, but the chains do not say what the plan expects:\n${mismatches.map((line) => `  ${line}`).join('\n')}`);
}

/**
 * Why `chain` cannot take its part of the plan (none: it can), and which of the journal's
 * transactions it has mined: those before the deployer's nonce. Sent ones that never mined (the
 * nonce is below them) are sent again; a nonce past the journal means the key was used elsewhere.
 */
async function preflight(
  plan: SystemPlan,
  chain: string,
  chainId: number,
  sender: ChainSender | undefined,
  journaled: readonly Hash[],
): Promise<{ problems: string[]; sent: Hash[] }> {
  const refuse = (problem: string) => ({ problems: [`${chain}: ${problem}`], sent: [] });
  if (!sender) return refuse('no RPC and wallet');
  const chainPlan = plan.chains[chain]!;
  const from = sender.walletClient.account.address;
  if (!isAddressEqual(from, chainPlan.from)) return refuse(`the wallet is ${from}, the plan's deployer ${chainPlan.from}`);
  const served = await sender.publicClient.getChainId();
  if (served !== chainId) return refuse(`the RPC serves chain ${served}, the network says ${chainId}`);
  const nonce = await sender.publicClient.getTransactionCount({ address: from, blockTag: 'pending' });
  const mined = nonce - chainPlan.firstNonce;
  if (mined < 0 || mined > journaled.length) {
    const what = journaled.length === 0 ? `the plan starts at ${chainPlan.firstNonce}` : `the journal sent nonces ${chainPlan.firstNonce}-${chainPlan.firstNonce + journaled.length - 1}`;
    return refuse(`the deployer's next nonce is ${nonce}, ${what}: plan again (every address depends on it)`);
  }
  const { maxFeePerGas } = await sender.publicClient.estimateFeesPerGas();
  const needed = minimumCost(chainPlan.transactions.slice(mined), maxFeePerGas);
  const balance = await sender.publicClient.getBalance({ address: from });
  if (balance < needed) return refuse(`the deployer holds ${balance} wei, the plan needs at least ${needed} (its ETH and gas at today's fee)`);
  return { problems: [], sent: journaled.slice(0, mined) };
}

async function checkReceipt(
  publicClient: PublicClient,
  hash: Hash,
  tx: PlannedTransaction,
  describe: (tx: PlannedTransaction) => string,
  timeout: number,
): Promise<bigint> {
  let receipt;
  try {
    receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50, timeout });
  } catch (error) {
    throw new DeployError(`${describe(tx)}: no receipt for ${hash}: ${messageOf(error)}`);
  }
  // A transaction replaced at its nonce did not do the planned step, whatever it did instead.
  if (receipt.transactionHash !== hash) throw new DeployError(`${describe(tx)}: ${hash} was replaced by ${receipt.transactionHash}`);
  if (receipt.status !== 'success') throw new DeployError(`${describe(tx)} reverted in ${hash}`);
  const created = receipt.contractAddress;
  if (tx.creates && (!created || !isAddressEqual(created, tx.creates))) throw new DeployError(`${describe(tx)} created ${created}, the plan expected ${tx.creates}`);
  return receipt.gasUsed;
}

/** Every expectation of the plan that the chains contradict. */
async function readBack(plan: SystemPlan, senders: Readonly<Record<string, ChainSender>>): Promise<string[]> {
  const lines: string[] = [];
  for (const chain of plan.network.chains) {
    const { publicClient } = senders[chain.name]!;
    for (const expected of plan.chains[chain.name]!.expectations) {
      const actual = await publicClient.readContract({ address: expected.address, abi: expected.abi, functionName: expected.functionName, args: expected.args } as Parameters<typeof publicClient.readContract>[0]);
      const same = typeof actual === 'string' && typeof expected.equals === 'string' ? actual.toLowerCase() === expected.equals.toLowerCase() : actual === expected.equals;
      if (!same) lines.push(`${chain.name}: ${expected.contract}.${expected.functionName}(${expected.args.map(String).join(', ')}) is ${String(actual)}, not ${String(expected.equals)}`);
    }
  }
  return lines;
}
