/** A plan as text an operator reviews before a deployment (`deploy --plan`). */
import { type Address, type Hex, keccak256, toBytes } from 'viem';
import type { PlannedTransaction } from './plan.ts';
import { type SystemPlan, roleNames } from './system.ts';

const LONG_BYTES = 66;

/**
 * Names for the values a transaction on one chain carries: that chain's contracts, the role
 * holders, role hashes, and (for a peer) the contracts of the chain an eid stands for. One deployer
 * with the same nonces gives contracts on different chains the same address, so a name is always
 * looked up on the chain the value refers to.
 */
export interface Namer {
  /** `known`: the value surely refers to `chain` (a peer on its eid's chain): no other reading is offered. */
  onChain(chain: string, value: string, known?: boolean): string | undefined;
  chainOfEid(eid: number): string | undefined;
}

export function namerFor(plan: SystemPlan, roles: Readonly<Record<string, Address>> = {}): Namer {
  const common = new Map<string, string>(Object.entries(roleNames).map(([hash, name]) => [hash.toLowerCase(), name]));
  for (const [name, address] of Object.entries(roles)) common.set(address.toLowerCase(), name);
  const byChain = new Map<string, Map<string, string>>();
  for (const chain of plan.network.chains) {
    const names = new Map(Object.entries(plan.chains[chain.name]!.contracts).map(([name, address]) => [address.toLowerCase(), name]));
    // A public chain's LayerZero contracts, by the names the network file gives them.
    const lz = chain.layerZero;
    if (lz) {
      names.set(lz.endpoint.toLowerCase(), 'EndpointV2');
      for (const [name, address] of Object.entries(lz.messageLibs)) names.set(address.toLowerCase(), name);
      for (const [name, address] of Object.entries(lz.executors)) names.set(address.toLowerCase(), name);
      for (const [name, address] of Object.entries(lz.dvns)) names.set(address.toLowerCase(), name);
    }
    byChain.set(chain.name, names);
  }
  const eids = new Map(plan.network.chains.map((chain) => [chain.eid, chain.name]));
  return {
    onChain: (chain, value, known = false) => {
      const key = value.toLowerCase();
      const own = byChain.get(chain)?.get(key) ?? common.get(key);
      if (known) return own;
      // One deployer's nonces give different contracts the same address on different chains: where
      // an address also names another contract elsewhere, say so rather than guess which is meant.
      const elsewhere = [...byChain.entries()]
        .filter(([other, names]) => other !== chain && names.has(key) && names.get(key) !== own)
        .map(([other, names]) => `${other}.${names.get(key)}`);
      if (elsewhere.length === 0) return own;
      return [own ?? `(nothing on ${chain})`, ...elsewhere].join(' or ');
    },
    chainOfEid: (eid) => eids.get(eid),
  };
}

function formatValue(value: unknown, chain: string, namer: Namer, known = false): string {
  if (typeof value === 'string' && value.startsWith('0x')) {
    const name = namer.onChain(chain, value, known);
    if (name !== undefined) return value.length === 42 ? `${name} ${value}` : name;
    return value.length > LONG_BYTES ? `${value.slice(0, 18)}…(${(value.length - 2) / 2} bytes)` : value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((entry) => formatValue(entry, chain, namer)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, entry]) => `${key}: ${formatValue(entry, chain, namer)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** One line: `deploy TrETH at 0x…(args)`, `TrETH.setOracle(TributaryOracle 0x…)`, or a summarized call. */
export function describeTransaction(tx: PlannedTransaction, namer: Namer): string {
  const value = tx.value > 0n ? ` with ${tx.value} wei` : '';
  if (tx.summary) return `${tx.contract}.${tx.functionName}: ${tx.summary.replace(/0x[0-9a-fA-F]{40}/g, (address) => formatValue(address, tx.chain, namer))}`;
  if (tx.functionName === 'setPeer') {
    // The peer is an address on the eid's chain, left-padded to 32 bytes.
    const [eid, peer] = tx.args as [number, string];
    const remote = namer.chainOfEid(eid) ?? `eid ${eid}`;
    const address = `0x${peer.slice(26)}`;
    return `${tx.contract}.setPeer(${eid}: ${remote}.${formatValue(address, remote, namer, true)})`;
  }
  const args = tx.args.map((arg) => formatValue(arg, tx.chain, namer)).join(', ');
  if (tx.creates) return `deploy ${tx.contract} at ${tx.creates}(${args})${value}`;
  return `${tx.contract}.${tx.functionName}(${args})${value}`;
}

/**
 * What identifies a plan: every transaction's chain, nonce, target, value and data. A reviewed
 * plan's digest, given back when sending (`--expect-digest`), refuses a plan that differs from it.
 */
export function planDigest(plan: SystemPlan): Hex {
  const transactions = plan.network.chains.flatMap((chain) => plan.chains[chain.name]!.transactions.map((tx) => [chain.chainId, tx.nonce, tx.to, tx.value.toString(), tx.data]));
  return keccak256(toBytes(JSON.stringify(transactions)));
}

/** Every chain's transactions, in the order they are sent, with the names of the addresses they carry. */
export function formatPlan(plan: SystemPlan, roles: Readonly<Record<string, Address>> = {}): string {
  const namer = namerFor(plan, roles);
  const lines: string[] = [`Deployment plan for ${plan.network.name}`];
  for (const chain of plan.network.chains) {
    const chainPlan = plan.chains[chain.name]!;
    const count = chainPlan.transactions.length;
    lines.push('', `${chain.name} (${chain.role}, chain id ${chain.chainId}, eid ${chain.eid}): ${count} transactions from ${chainPlan.from}, nonces ${chainPlan.firstNonce}-${chainPlan.firstNonce + count - 1}`);
    for (const [index, tx] of chainPlan.transactions.entries()) lines.push(`  ${String(index).padStart(3)}  ${describeTransaction(tx, namer)}`);
  }
  const total = Object.values(plan.chains).reduce((sum, chain) => sum + chain.transactions.length, 0);
  lines.push('', `${total} transactions on ${plan.network.chains.length} chains. Nothing was sent.`, `Plan digest ${planDigest(plan)}: send this plan and no other with --expect-digest.`);
  return lines.join('\n');
}
