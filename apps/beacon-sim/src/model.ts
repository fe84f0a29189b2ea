/**
 * The beacon chain as the simulator sees it: validators created by deposits (a later deposit to a
 * known pubkey tops it up and keeps the first deposit's withdrawal credentials), balances that grow
 * at a fixed APR from activation, skims of everything above 32 ETH to the withdrawal address,
 * and injected slashings. Every quantity is a pure function of time, so the state at any past
 * slot can be answered exactly, as a consensus client answers for a finalized slot.
 */

export const GWEI = 1_000_000_000n;
export const MAX_EFFECTIVE_BALANCE_GWEI = 32n * GWEI;
const SECONDS_PER_YEAR = 365n * 24n * 60n * 60n;
const FAR_FUTURE_EPOCH = 2n ** 64n - 1n;

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

/** `pending_initialized`: deposits so far are under 32 ETH, so it is not queued for activation yet. */
export type ValidatorStatus = 'pending_initialized' | 'pending_queued' | 'active_ongoing' | 'active_slashed';

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

interface Validator {
  index: number;
  pubkey: `0x${string}`;
  /** From the first deposit: the consensus spec ignores the credentials of every later one. */
  withdrawalCredentials: `0x${string}`;
  /** Time of the first deposit, when the validator appears. */
  time: number;
  deposits: { time: number; amountGwei: bigint }[];
  /** When deposits first total 32 ETH, plus the activation delay; undefined until then. */
  activationTime: number | undefined;
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

  /**
   * Adds a validator for a deposit. A deposit to a known pubkey only tops up its balance: the
   * validator keeps the withdrawal credentials of its first deposit, whatever this one carries
   * (which is what lets a first 1 ETH deposit capture a later 32 ETH one).
   */
  addDeposit(deposit: Deposit): void {
    const key = deposit.pubkey.toLowerCase();
    let validator = this.byPubkey.get(key);
    if (!validator) {
      validator = {
        index: this.validators.length,
        pubkey: deposit.pubkey,
        withdrawalCredentials: deposit.withdrawalCredentials,
        time: deposit.time,
        deposits: [],
        activationTime: undefined,
        penalties: [],
        skims: [],
      };
      this.validators.push(validator);
      this.byPubkey.set(key, validator);
    }
    if (validator.deposits.length > 0 && deposit.time < validator.deposits[validator.deposits.length - 1]!.time) {
      throw new BeaconModelError(`deposits must arrive in time order (pubkey ${deposit.pubkey})`);
    }
    validator.deposits.push({ time: deposit.time, amountGwei: deposit.amountGwei });
    const total = validator.deposits.reduce((sum, entry) => sum + entry.amountGwei, 0n);
    if (validator.activationTime === undefined && total >= MAX_EFFECTIVE_BALANCE_GWEI) {
      validator.activationTime = this.timeOfSlot(this.slotAt(deposit.time) + 1 + this.config.activationDelaySlots);
    }
  }

  slash(pubkey: string, amountGwei: bigint, time: number): void {
    const validator = this.byPubkey.get(pubkey.toLowerCase());
    if (!validator) throw new BeaconModelError(`unknown validator ${pubkey}`);
    if (amountGwei <= 0n) throw new BeaconModelError('a slashing penalty must be positive');
    if (validator.activationTime === undefined || time < validator.activationTime) throw new BeaconModelError(`validator ${pubkey} is not active yet`);
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
        const queued = validator.activationTime !== undefined && validator.activationTime - this.activationDelay() <= time;
        const active = validator.activationTime !== undefined && time >= validator.activationTime;
        const effective = balanceGwei >= MAX_EFFECTIVE_BALANCE_GWEI ? MAX_EFFECTIVE_BALANCE_GWEI : (balanceGwei / GWEI) * GWEI;
        return {
          index: validator.index,
          pubkey: validator.pubkey,
          withdrawalCredentials: validator.withdrawalCredentials,
          status: !queued ? 'pending_initialized' : !active ? 'pending_queued' : slashed ? 'active_slashed' : 'active_ongoing',
          balanceGwei,
          effectiveBalanceGwei: effective,
          slashed,
          activationEpoch:
            validator.activationTime === undefined || !queued ? FAR_FUTURE_EPOCH : BigInt(Math.floor(this.slotAt(validator.activationTime) / this.config.slotsPerEpoch)),
        } satisfies ValidatorState;
      });
  }

  /** Seconds from the slot after the activating deposit to activation. */
  private activationDelay(): number {
    return (1 + this.config.activationDelaySlots) * this.config.secondsPerSlot;
  }

  /** Each deposit earns from activation (or from its own arrival, for a later top-up). */
  private balance(validator: Validator, time: number): bigint {
    if (time < validator.time) return 0n;
    const sumUntil = (entries: { time: number; amountGwei: bigint }[]) =>
      entries.filter((entry) => entry.time <= time).reduce((sum, entry) => sum + entry.amountGwei, 0n);
    let rewards = 0n;
    if (validator.activationTime !== undefined) {
      for (const deposit of validator.deposits) {
        const seconds = BigInt(Math.max(0, time - Math.max(validator.activationTime, deposit.time)));
        rewards += (deposit.amountGwei * BigInt(this.config.aprBps) * seconds) / (10_000n * SECONDS_PER_YEAR);
      }
    }
    const balance = sumUntil(validator.deposits) + rewards - sumUntil(validator.penalties) - sumUntil(validator.skims);
    return balance > 0n ? balance : 0n;
  }
}
