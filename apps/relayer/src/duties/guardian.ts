/**
 * One deposit guardian. The beacon chain keeps the withdrawal credentials of a pubkey's first
 * deposit, so a node operator that deposits 1 ETH for one of its registered keys before the pool's
 * 32 ETH would own that 32 ETH. Before every signature the guardian reads the keys the next
 * deposit would use (the registry's `nextKeys`, as many as one guarded deposit may take) and looks
 * for any existing deposit of them, in the deposit contract's logs and on the beacon chain. If it
 * finds one it signs nothing and pauses the DepositSecurityModule; otherwise it signs the deposit
 * root and key nonce it checked, which the module accepts only while both are still current.
 */
import { type Address, type Hex, type LocalAccount, getAddress, parseSignature, signatureToCompactSignature } from 'viem';
import { depositContractAbi, depositSecurityModuleAbi, nodeOperatorRegistryAbi } from '@tributary/contracts';
import type { BeaconClient } from '../beacon.ts';
import { runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';

const PUBKEY_HEX = 96;
/**
 * Guardians sign a block on this grid rather than the head, so guardians ticking a block apart
 * still sign the same block and their signatures combine into one quorum.
 */
export const ATTESTATION_BLOCK_GRID = 8n;

/** A guardian's signature over the deposit root and key nonce it checked, anchored at a recent block. */
export interface DepositAttestation {
  guardian: Address;
  blockNumber: bigint;
  blockHash: Hex;
  depositRoot: Hex;
  keysNonce: bigint;
  signature: { r: Hex; vs: Hex };
}

/**
 * Where guardians publish their attestations and the keeper collects them. The devnet runs every
 * guardian in the relayer's process and shares one {@link MemoryAttestationBoard}; a guardian run
 * elsewhere would publish through another implementation (an HTTP endpoint, a shared store).
 */
export interface AttestationBoard {
  publish(attestation: DepositAttestation): void;
  /** A guardian takes its attestation back (it found a front-run). */
  withdraw(guardian: Address): void;
  /** Each guardian's latest attestation. */
  attestations(): DepositAttestation[];
}

export class MemoryAttestationBoard implements AttestationBoard {
  private readonly latest = new Map<Address, DepositAttestation>();

  publish(attestation: DepositAttestation): void {
    this.latest.set(getAddress(attestation.guardian), attestation);
  }

  withdraw(guardian: Address): void {
    this.latest.delete(getAddress(guardian));
  }

  attestations(): DepositAttestation[] {
    return [...this.latest.values()];
  }
}

/** Splits concatenated 48-byte pubkeys. */
export function splitPubkeys(packed: Hex): Hex[] {
  const body = packed.slice(2);
  const keys: Hex[] = [];
  for (let at = 0; at + PUBKEY_HEX <= body.length; at += PUBKEY_HEX) keys.push(`0x${body.slice(at, at + PUBKEY_HEX)}`);
  return keys;
}

export type GuardianOutcome =
  | { kind: 'signed'; attestation: DepositAttestation }
  | { kind: 'refused'; pubkeys: Hex[] }
  | { kind: 'idle'; reason: 'paused' | 'not-a-guardian' | 'no-keys' };

export class Guardian extends DutyBase {
  readonly name: string;
  private readonly signer: Signer;
  /** Lower-case pubkeys seen in DepositEvents, and the next block to scan. */
  private readonly deposited = new Set<string>();
  private scannedTo = 0n;

  constructor(
    deps: DutyDeps,
    private readonly account: LocalAccount,
    private readonly beacon: BeaconClient,
    private readonly board: AttestationBoard,
  ) {
    super(deps);
    this.signer = deps.signers.for(deps.clients.hub, account);
    this.name = `guardian:${account.address.slice(0, 8)}`;
  }

  async tick(): Promise<GuardianOutcome> {
    const contracts = this.manifest.chains.hub.contracts;
    const dsm = { address: contracts.DepositSecurityModule, abi: depositSecurityModuleAbi } as const;
    const client = this.hub.public;
    const head = await client.getBlockNumber();
    // Every read at one block, so the keys checked are the keys of the root and nonce signed.
    const at = { blockNumber: head } as const;
    const [paused, isGuardian, maxDeposits, depositRoot, keysNonce] = await Promise.all([
      client.readContract({ ...dsm, functionName: 'paused', ...at }),
      client.readContract({ ...dsm, functionName: 'isGuardian', args: [this.account.address], ...at }),
      client.readContract({ ...dsm, functionName: 'maxDepositsPerBlock', ...at }),
      client.readContract({ address: contracts.BeaconDepositContract, abi: depositContractAbi, functionName: 'get_deposit_root', ...at }),
      client.readContract({ address: contracts.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'keysNonce', ...at }),
    ]);
    if (paused) {
      this.board.withdraw(this.account.address);
      return { kind: 'idle', reason: 'paused' };
    }
    if (!isGuardian) return { kind: 'idle', reason: 'not-a-guardian' };
    const pubkeys = splitPubkeys(
      await client.readContract({ address: contracts.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'nextKeys', args: [maxDeposits], ...at }),
    );
    if (pubkeys.length === 0) return { kind: 'idle', reason: 'no-keys' };

    const taken = await this.alreadyDeposited(pubkeys, head);
    if (taken.length > 0) {
      this.board.withdraw(this.account.address);
      this.ctx.log('error', 'keys about to be used already have a deposit: refusing to sign and pausing deposits', { guardian: this.account.address, pubkeys: taken.join(',') });
      await this.pause(depositRoot);
      return { kind: 'refused', pubkeys: taken };
    }

    const blockNumber = head - (head % ATTESTATION_BLOCK_GRID);
    const blockHash = (await client.getBlock({ blockNumber })).hash;
    const signature = await this.account.signTypedData({
      domain: { name: 'DepositSecurityModule', version: '1', chainId: this.hub.chain.id, verifyingContract: contracts.DepositSecurityModule },
      types: {
        Deposit: [
          { name: 'blockNumber', type: 'uint256' },
          { name: 'blockHash', type: 'bytes32' },
          { name: 'depositRoot', type: 'bytes32' },
          { name: 'keysNonce', type: 'uint256' },
        ],
      },
      primaryType: 'Deposit',
      message: { blockNumber, blockHash, depositRoot, keysNonce },
    });
    const compact = signatureToCompactSignature(parseSignature(signature));
    const attestation: DepositAttestation = {
      guardian: this.account.address,
      blockNumber,
      blockHash,
      depositRoot,
      keysNonce,
      signature: { r: compact.r, vs: compact.yParityAndS },
    };
    this.board.publish(attestation);
    return { kind: 'signed', attestation };
  }

  /**
   * Pubkeys among `pubkeys` that already have a deposit: in the deposit contract's logs up to
   * `head` (what the execution layer saw, including deposits the beacon chain has not processed
   * yet) or known to the beacon chain.
   */
  private async alreadyDeposited(pubkeys: Hex[], head: bigint): Promise<Hex[]> {
    if (head >= this.scannedTo) {
      const events = await this.hub.public.getContractEvents({
        address: this.manifest.chains.hub.contracts.BeaconDepositContract,
        abi: depositContractAbi,
        eventName: 'DepositEvent',
        fromBlock: this.scannedTo,
        toBlock: head,
      });
      for (const event of events) this.deposited.add((event.args.pubkey as Hex).toLowerCase());
      this.scannedTo = head + 1n;
    }
    const onBeacon = new Set((await this.beacon.validators('head', pubkeys)).map((validator) => validator.validator.pubkey.toLowerCase()));
    return pubkeys.filter((pubkey) => this.deposited.has(pubkey.toLowerCase()) || onBeacon.has(pubkey.toLowerCase()));
  }

  private async pause(depositRoot: Hex): Promise<void> {
    const dsm = { address: this.manifest.chains.hub.contracts.DepositSecurityModule, abi: depositSecurityModuleAbi } as const;
    const id = `guardian-pause:${this.account.address}:${depositRoot}`;
    const result = await runAction(
      this.ctx,
      this.signer,
      { id, duty: this.name, what: 'pauseDeposits' },
      () => this.hub.public.readContract({ ...dsm, functionName: 'paused' }),
      () => this.signer.write(id, this.name, { ...dsm, functionName: 'pauseDeposits' }),
    );
    if (result.outcome === 'done') this.ctx.log('warn', 'deposits paused', { guardian: this.account.address, tx: result.receipt!.transactionHash });
  }
}

/**
 * The attestations a deposit can use now: current root and nonce, a block young enough for the
 * next block to accept, by guardians of the module. Returns the newest block that has a quorum,
 * with exactly `quorum` signatures, signers ascending as the module requires.
 */
export function pickQuorum(
  attestations: readonly DepositAttestation[],
  current: { depositRoot: Hex; keysNonce: bigint; head: bigint; maxSignatureAge: bigint; quorum: bigint; guardians: readonly Address[] },
): { blockNumber: bigint; blockHash: Hex; signatures: { r: Hex; vs: Hex }[] } | undefined {
  const guardians = new Set(current.guardians.map((guardian) => getAddress(guardian)));
  const usable = attestations.filter(
    (attestation) =>
      attestation.depositRoot.toLowerCase() === current.depositRoot.toLowerCase() &&
      attestation.keysNonce === current.keysNonce &&
      attestation.blockNumber <= current.head &&
      // The deposit lands in a later block at the earliest.
      current.head + 1n - attestation.blockNumber <= current.maxSignatureAge &&
      guardians.has(getAddress(attestation.guardian)),
  );
  const byBlock = new Map<string, DepositAttestation[]>();
  for (const attestation of usable) {
    const key = `${attestation.blockNumber}:${attestation.blockHash}`;
    byBlock.set(key, [...(byBlock.get(key) ?? []), attestation]);
  }
  const groups = [...byBlock.values()].filter((group) => BigInt(group.length) >= current.quorum && current.quorum > 0n);
  groups.sort((a, b) => (a[0]!.blockNumber > b[0]!.blockNumber ? -1 : 1));
  const best = groups[0];
  if (!best) return undefined;
  const signers = [...best].sort((a, b) => (BigInt(a.guardian) < BigInt(b.guardian) ? -1 : 1)).slice(0, Number(current.quorum));
  return { blockNumber: best[0]!.blockNumber, blockHash: best[0]!.blockHash, signatures: signers.map((attestation) => attestation.signature) };
}
