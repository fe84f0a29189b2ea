/**
 * The beacon chain as the simulator sees it: validators created by deposits, balances that grow
 * at a fixed APR from activation, skims of everything above 32 ETH to the withdrawal address,
 * and injected slashings. Every quantity is a pure function of time, so the state at any past
 * slot can be answered exactly, as a consensus client answers for a finalized slot.
 */

export const GWEI = 1_000_000_000n;
export const MAX_EFFECTIVE_BALANCE_GWEI = 32n * GWEI;
const SECONDS_PER_YEAR = 365n * 24n * 60n * 60n;

export interface ChainSpec {
  /** Unix seconds of slot 0. */
  genesisTime: number;
  secondsPerSlot: number;
  slotsPerEpoch: number;
}

export interface ModelConfig extends ChainSpec {
  /** Consensus-layer reward rate in basis points a year (500 = 5%). */
  aprBps: number;
  /** Slots from deposit to activation. */
  activationDelaySlots: number;
}

export interface Deposit {
  pubkey: `0x${string}`;
  withdrawalCredentials: `0x${string}`;
  amountGwei: bigint;
  /** Unix seconds of the hub block that included the deposit. */
  time: number;
}

export type ValidatorStatus = 'pending_queued' | 'active_ongoing' | 'active_slashed';

export interface ValidatorState {
  index: number;
  pubkey: `0x${string}`;
  withdrawalCredentials: `0x${string}`;
  status: ValidatorStatus;
  balanceGwei: bigint;
  effectiveBalanceGwei: bigint;
  slashed: boolean;
  activationEpoch: bigint;
}

interface Validator extends Deposit {
  index: number;
  activationTime: number;
  /** Slashing penalties, by time. */
  penalties: { time: number; amountGwei: bigint }[];
  /** Amounts moved to the withdrawal address, by the time they landed there. */
  skims: { time: number; amountGwei: bigint }[];
}

export class BeaconModelError extends Error {
  override name = 'BeaconModelError';
}

export class BeaconModel {
  private readonly validators: Validator[] = [];
  private readonly byPubkey = new Map<string, Validator>();

  constructor(readonly config: ModelConfig) {}

  slotAt(time: number): number {
    return Math.max(0, Math.floor((time - this.config.genesisTime) / this.config.secondsPerSlot));
  }

  timeOfSlot(slot: number): number {
    return this.config.genesisTime + slot * this.config.secondsPerSlot;
  }

  /** Adds a validator for a deposit; a top-up to a known pubkey adds to its balance. */
  addDeposit(deposit: Deposit): void {
    const key = deposit.pubkey.toLowerCase();
    if (this.byPubkey.has(key)) throw new BeaconModelError(`top-up deposits are not simulated (pubkey ${deposit.pubkey})`);
    const activationSlot = this.slotAt(deposit.time) + 1 + this.config.activationDelaySlots;
    const validator: Validator = {
      ...deposit,
      index: this.validators.length,
      activationTime: this.timeOfSlot(activationSlot),
      penalties: [],
      skims: [],
    };
    this.validators.push(validator);
    this.byPubkey.set(key, validator);
  }

  slash(pubkey: string, amountGwei: bigint, time: number): void {
    const validator = this.byPubkey.get(pubkey.toLowerCase());
    if (!validator) throw new BeaconModelError(`unknown validator ${pubkey}`);
    if (amountGwei <= 0n) throw new BeaconModelError('a slashing penalty must be positive');
    if (time < validator.activationTime) throw new BeaconModelError(`validator ${pubkey} is not active yet`);
    validator.penalties.push({ time, amountGwei });
  }

  /** What each validator holds above 32 ETH at `time`: the amounts a skim would move. */
  skimmable(time: number): { index: number; amountGwei: bigint }[] {
    return this.validators
      .map((validator) => ({ index: validator.index, amountGwei: this.balance(validator, time) - MAX_EFFECTIVE_BALANCE_GWEI }))
      .filter(({ amountGwei }) => amountGwei > 0n);
  }

  /** Records skims that reached the withdrawal address at `time` (the hub block's timestamp). */
  recordSkims(skims: { index: number; amountGwei: bigint }[], time: number): void {
    for (const { index, amountGwei } of skims) {
      const validator = this.validators[index];
      if (!validator) throw new BeaconModelError(`unknown validator index ${index}`);
      validator.skims.push({ time, amountGwei });
    }
  }

  /** Validators known at `time` (deposited at or before it), in index order. */
  stateAt(time: number): ValidatorState[] {
    return this.validators
      .filter((validator) => validator.time <= time)
      .map((validator) => {
        const balanceGwei = this.balance(validator, time);
        const slashed = validator.penalties.some((penalty) => penalty.time <= time);
        const active = time >= validator.activationTime;
        const effective = balanceGwei >= MAX_EFFECTIVE_BALANCE_GWEI ? MAX_EFFECTIVE_BALANCE_GWEI : (balanceGwei / GWEI) * GWEI;
        return {
          index: validator.index,
          pubkey: validator.pubkey,
          withdrawalCredentials: validator.withdrawalCredentials,
          status: !active ? 'pending_queued' : slashed ? 'active_slashed' : 'active_ongoing',
          balanceGwei,
          effectiveBalanceGwei: effective,
          slashed,
          activationEpoch: BigInt(Math.floor(this.slotAt(validator.activationTime) / this.config.slotsPerEpoch)),
        } satisfies ValidatorState;
      });
  }

  private balance(validator: Validator, time: number): bigint {
    if (time < validator.time) return 0n;
    const activeSeconds = BigInt(Math.max(0, time - validator.activationTime));
    const rewards = (validator.amountGwei * BigInt(this.config.aprBps) * activeSeconds) / (10_000n * SECONDS_PER_YEAR);
    const sumUntil = (entries: { time: number; amountGwei: bigint }[]) =>
      entries.filter((entry) => entry.time <= time).reduce((sum, entry) => sum + entry.amountGwei, 0n);
    const balance = validator.amountGwei + rewards - sumUntil(validator.penalties) - sumUntil(validator.skims);
    return balance > 0n ? balance : 0n;
  }
}
