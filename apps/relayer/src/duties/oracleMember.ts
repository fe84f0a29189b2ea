/**
 * One oracle committee member: once per frame, reads the protocol's validators from the beacon
 * node at the frame's reference slot and the hub at the last block before it, and votes for the
 * resulting report. Every input is fixed by the reference slot, so honest members compute the
 * same report and its hash reaches the quorum.
 */
import type { Hex, LocalAccount } from 'viem';
import { type Manifest, depositContractAbi, trETHAbi, tributaryOracleAbi, withdrawalQueueAbi } from '@tributary/contracts';
import type { BeaconClient, BeaconValidator } from '../beacon.ts';
import type { ChainClient } from '../chains.ts';
import { runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';

const GWEI = 1_000_000_000n;
/** Requests finalized per report at most, so a long queue cannot make a report too big to apply. */
const MAX_FINALIZED_PER_REPORT = 200n;

export interface OracleReportData {
  refSlot: bigint;
  beaconValidators: bigint;
  exitedValidators: bigint;
  beaconBalance: bigint;
  withdrawalVaultBalance: bigint;
  finalizeUpToRequestId: bigint;
}

/**
 * What a report says of the pool's validators the beacon chain shows: how many, how many exited,
 * and the balance of the live ones (exited ones' ETH reaches the pool through the withdrawal vault).
 */
export function summarizeValidators(validators: readonly BeaconValidator[]): Pick<OracleReportData, 'beaconValidators' | 'exitedValidators' | 'beaconBalance'> {
  const exited = validators.filter((validator) => validator.status.startsWith('exited') || validator.status.startsWith('withdrawal'));
  const live = validators.filter((validator) => !exited.includes(validator));
  return {
    beaconValidators: BigInt(validators.length),
    exitedValidators: BigInt(exited.length),
    beaconBalance: live.reduce((sum, validator) => sum + BigInt(validator.balance) * GWEI, 0n),
  };
}

/**
 * Pubkeys of the pool's validators: deposits carrying the pool's withdrawal credentials, scanned
 * incrementally from the deposit contract's logs (each call reads only the new blocks).
 */
export class PoolValidators {
  /** The pool's withdrawal credentials, lower-case; read once. */
  private credentials: string | undefined;
  private readonly deposits: { pubkey: Hex; blockNumber: bigint }[] = [];
  private scannedTo = 0n;

  constructor(
    private readonly manifest: Manifest,
    private readonly hub: ChainClient,
  ) {}

  /** Pubkeys deposited up to `blockNumber`. */
  async pubkeys(blockNumber: bigint): Promise<Hex[]> {
    const hub = this.manifest.chains.hub.contracts;
    this.credentials ??= (await this.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'withdrawalCredentials' })).toLowerCase();
    if (blockNumber >= this.scannedTo) {
      const events = await this.hub.public.getContractEvents({
        address: hub.BeaconDepositContract,
        abi: depositContractAbi,
        eventName: 'DepositEvent',
        fromBlock: this.scannedTo,
        toBlock: blockNumber,
      });
      for (const event of events) {
        if ((event.args.withdrawal_credentials as string).toLowerCase() !== this.credentials) continue;
        const pubkey = event.args.pubkey as Hex;
        if (!this.deposits.some((known) => known.pubkey === pubkey)) this.deposits.push({ pubkey, blockNumber: event.blockNumber });
      }
      this.scannedTo = blockNumber + 1n;
    }
    return this.deposits.filter((deposit) => deposit.blockNumber <= blockNumber).map((deposit) => deposit.pubkey);
  }
}

/** A hub duty that reads the pool's validators on the beacon chain: the oracle member and the loss guard. */
export abstract class BeaconDuty extends DutyBase {
  protected readonly signer: Signer;
  protected readonly pool: PoolValidators;

  constructor(
    deps: DutyDeps,
    account: LocalAccount,
    protected readonly beacon: BeaconClient,
  ) {
    super(deps);
    this.signer = deps.signers.for(deps.clients.hub, account);
    this.pool = new PoolValidators(deps.manifest, deps.clients.hub);
  }
}

export class OracleMember extends BeaconDuty {
  readonly name: string;

  constructor(deps: DutyDeps, account: LocalAccount, beacon: BeaconClient) {
    super(deps, account, beacon);
    this.name = `oracle-member:${account.address.slice(0, 8)}`;
  }

  async tick(): Promise<bigint | undefined> {
    const oracle = { address: this.manifest.chains.hub.contracts.TributaryOracle, abi: tributaryOracleAbi } as const;
    // All from the chain, nothing remembered: a restart, or a membership change that opens a new
    // voting round (earlier votes stop counting), is handled by asking again.
    const [refSlot, lastApplied, voted] = await Promise.all([
      this.hub.public.readContract({ ...oracle, functionName: 'currentRefSlot' }),
      this.hub.public.readContract({ ...oracle, functionName: 'lastAppliedRefSlot' }),
      this.hub.public.readContract({ ...oracle, functionName: 'hasVoted', args: [this.signer.address] }),
    ]);
    if (refSlot === 0n || lastApplied >= refSlot || voted) return undefined;
    if ((await this.beacon.finalizedSlot()) < refSlot) return undefined;

    const report = await this.buildReport(refSlot);
    const id = `oracle:${this.signer.address}:${refSlot}`;
    const result = await runAction(
      this.ctx,
      this.signer,
      { id, duty: this.name, what: 'submitReport' },
      async () => {
        const [applied, hasVoted] = await Promise.all([
          this.hub.public.readContract({ ...oracle, functionName: 'lastAppliedRefSlot' }),
          this.hub.public.readContract({ ...oracle, functionName: 'hasVoted', args: [this.signer.address] }),
        ]);
        // Another member's vote applied the frame meanwhile, or ours went through before a restart.
        return applied >= refSlot || hasVoted;
      },
      () => this.signer.write(id, this.name, { ...oracle, functionName: 'submitReport', args: [report] }),
    );
    if (result.outcome === 'done') this.ctx.log('info', 'oracle report submitted', { member: this.signer.address, ...report, tx: result.receipt!.transactionHash });
    return refSlot;
  }

  async buildReport(refSlot: bigint): Promise<OracleReportData> {
    const hub = this.manifest.chains.hub.contracts;
    const config = await this.hub.public.readContract({ address: hub.TributaryOracle, abi: tributaryOracleAbi, functionName: 'frameConfig' });
    const refTime = config.genesisTime + refSlot * config.secondsPerSlot;
    const blockNumber = await lastBlockAtOrBefore(this.hub, refTime);

    const validators = await this.beacon.validators(refSlot, await this.pool.pubkeys(blockNumber));
    const withdrawalVaultBalance = await this.hub.public.getBalance({ address: hub.WithdrawalVault, blockNumber });

    return {
      refSlot,
      ...summarizeValidators(validators),
      withdrawalVaultBalance,
      finalizeUpToRequestId: await this.finalizable(blockNumber, withdrawalVaultBalance),
    };
  }

  /**
   * Last request the buffer plus the vault can pay for, read at the reference block. Asks the
   * queue's own `prefinalize` (its payout rule), by binary search over the unfinalized range.
   */
  private async finalizable(blockNumber: bigint, vaultBalance: bigint): Promise<bigint> {
    const hub = this.manifest.chains.hub.contracts;
    const queue = { address: hub.WithdrawalQueue, abi: withdrawalQueueAbi } as const;
    const at = { blockNumber } as const;
    const [lastFinalized, lastRequest, buffered, rate] = await Promise.all([
      this.hub.public.readContract({ ...queue, functionName: 'lastFinalizedRequestId', ...at }),
      this.hub.public.readContract({ ...queue, functionName: 'lastRequestId', ...at }),
      this.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'bufferedEther', ...at }),
      this.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'getRate', ...at }),
    ]);
    const available = buffered + vaultBalance;
    const owed = async (upTo: bigint) =>
      (await this.hub.public.readContract({ ...queue, functionName: 'prefinalize', args: [upTo, rate], ...at }))[0];
    let low = lastFinalized;
    let high = lastRequest < lastFinalized + MAX_FINALIZED_PER_REPORT ? lastRequest : lastFinalized + MAX_FINALIZED_PER_REPORT;
    while (low < high) {
      const middle = (low + high + 1n) / 2n;
      if ((await owed(middle)) <= available) low = middle;
      else high = middle - 1n;
    }
    return low > lastFinalized ? low : 0n;
  }
}

/** Binary search for the newest block whose timestamp is <= `time`. */
export async function lastBlockAtOrBefore(client: ChainClient, time: bigint): Promise<bigint> {
  let high = await client.public.getBlockNumber();
  if ((await client.public.getBlock({ blockNumber: high })).timestamp <= time) return high;
  let low = 0n;
  while (low < high) {
    const middle = (low + high + 1n) / 2n;
    if ((await client.public.getBlock({ blockNumber: middle })).timestamp <= time) low = middle;
    else high = middle - 1n;
  }
  return low;
}
