/**
 * A deployment as data: every transaction of every chain, in order, with the address each creation
 * will get. All contracts are deployed by one account per chain, so an address is known from that
 * account's nonce before anything is sent: contracts that must know each other (a bridge's two
 * halves, peers on other chains) are planned without a round trip, and the whole plan can be
 * printed for review (`--plan`) or sent back to back.
 */
import { type Abi, type Address, type Hex, encodeDeployData, encodeFunctionData, getContractAddress } from 'viem';

export interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

export interface PlannedTransaction {
  chain: string;
  nonce: number;
  /** Null for a contract creation. */
  to: Address | null;
  data: Hex;
  value: bigint;
  /** Contract name of the creation, or of the call's target. */
  contract: string;
  /** The constructor (`constructor`) or the function called. */
  functionName: string;
  args: readonly unknown[];
  /** The address a creation gets. */
  creates?: Address;
  /** What the call does, in words, where its arguments say little (a batch, a call encoded elsewhere). */
  summary?: string;
}

/** `encodeFunctionData` for an ABI and function chosen at run time. */
export function encodeCall(abi: Abi, functionName: string, args: readonly unknown[]): Hex {
  return encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
}

/** A read that must return `equals` once the plan has been sent (who owns what, who holds which role). */
export interface Expectation {
  chain: string;
  contract: string;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  equals: unknown;
}

export class PlanError extends Error {
  override name = 'PlanError';
}

/** One chain's transactions, all from `from`, the first at `firstNonce`. */
export class ChainPlan {
  readonly transactions: PlannedTransaction[] = [];
  /** What the chain must say once every transaction is mined. */
  readonly expectations: Expectation[] = [];
  /** Contracts this plan deploys or was given, by manifest name. */
  readonly contracts: Record<string, Address> = {};

  constructor(
    readonly chain: string,
    readonly from: Address,
    readonly firstNonce: number,
  ) {}

  private get nonce(): number {
    return this.firstNonce + this.transactions.length;
  }

  /** The address the next creation on this chain gets. */
  nextAddress(): Address {
    return getContractAddress({ from: this.from, nonce: BigInt(this.nonce) });
  }

  /** Plans a creation; `name` is its manifest name (null: not recorded, e.g. a proxy's implementation). */
  deploy(name: string | null, contract: string, artifact: Artifact, args: readonly unknown[] = [], value = 0n): Address {
    const creates = this.nextAddress();
    const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args } as Parameters<typeof encodeDeployData>[0]);
    this.transactions.push({ chain: this.chain, nonce: this.nonce, to: null, data, value, contract, functionName: 'constructor', args, creates });
    if (name !== null) this.record(name, creates);
    return creates;
  }

  call(contract: string, to: Address, abi: Abi, functionName: string, args: readonly unknown[] = [], value = 0n): void {
    this.transactions.push({ chain: this.chain, nonce: this.nonce, to, data: encodeCall(abi, functionName, args), value, contract, functionName, args });
  }

  /** A call whose arguments say little to a reader (a timelock batch): printed as `summary`. */
  summarizedCall(contract: string, to: Address, abi: Abi, functionName: string, args: readonly unknown[], summary: string): void {
    this.transactions.push({ chain: this.chain, nonce: this.nonce, to, data: encodeCall(abi, functionName, args), value: 0n, contract, functionName, args, summary });
  }

  /** A call already encoded elsewhere (the LayerZero pathway encoder's). */
  encodedCall(contract: string, to: Address, functionName: string, data: Hex, summary: string): void {
    this.transactions.push({ chain: this.chain, nonce: this.nonce, to, data, value: 0n, contract, functionName, args: [], summary });
  }

  expect(contract: string, address: Address, abi: Abi, functionName: string, args: readonly unknown[], equals: unknown): void {
    this.expectations.push({ chain: this.chain, contract, address, abi, functionName, args, equals });
  }

  record(name: string, address: Address): void {
    if (this.contracts[name] !== undefined) throw new PlanError(`${this.chain}: ${name} is planned twice`);
    this.contracts[name] = address;
  }

  /** A contract the plan must already have, by manifest name. */
  get(name: string): Address {
    const address = this.contracts[name];
    if (address === undefined) throw new PlanError(`${this.chain}: ${name} is used before it is planned`);
    return address;
  }
}
