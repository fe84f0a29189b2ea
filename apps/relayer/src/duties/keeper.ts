/**
 * The keeper: stakes the pool's buffered ETH 32 ETH per validator as soon as it can, leaving what
 * unfinalized withdrawal requests need (the pool enforces that too).
 */
import type { Account } from 'viem';
import { type Manifest, nodeOperatorRegistryAbi, trETHAbi, withdrawalQueueAbi } from '@tributary/contracts';
import { type ChainClient, type Wallet, walletFor } from '../chains.ts';
import type { Logger } from '../log.ts';

const DEPOSIT_SIZE = 32n * 10n ** 18n;
const RATE_UNIT = 10n ** 18n;
/** Validators per transaction at most, to stay well inside the block gas limit. */
const MAX_VALIDATORS_PER_TX = 16n;

export class Keeper {
  readonly name = 'keeper';
  private readonly wallet: Wallet;

  constructor(
    private readonly manifest: Manifest,
    private readonly hub: ChainClient,
    account: Account,
    private readonly log: Logger,
  ) {
    this.wallet = walletFor(hub, account);
  }

  /** Returns how many validators it deposited. */
  async tick(): Promise<bigint> {
    const hub = this.manifest.chains.hub.contracts;
    const pool = { address: hub.TrETH, abi: trETHAbi } as const;
    const [buffered, rate, unfinalizedShares, keys] = await Promise.all([
      this.hub.public.readContract({ ...pool, functionName: 'bufferedEther' }),
      this.hub.public.readContract({ ...pool, functionName: 'getRate' }),
      this.hub.public.readContract({ address: hub.WithdrawalQueue, abi: withdrawalQueueAbi, functionName: 'unfinalizedShares' }),
      this.hub.public.readContract({ address: hub.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'availableKeys' }),
    ]);
    const reserved = (unfinalizedShares * rate) / RATE_UNIT;
    const stakeable = buffered > reserved ? (buffered - reserved) / DEPOSIT_SIZE : 0n;
    const count = [stakeable, keys, MAX_VALIDATORS_PER_TX].reduce((min, value) => (value < min ? value : min));
    if (count === 0n) return 0n;
    const { request } = await this.hub.public.simulateContract({ ...pool, account: this.wallet.account, functionName: 'depositBufferedEther', args: [count] });
    const hash = await this.wallet.writeContract(request);
    const receipt = await this.hub.public.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`depositBufferedEther reverted in ${hash}`);
    this.log('info', 'validators deposited', { count, buffered, tx: hash, gasUsed: receipt.gasUsed });
    return count;
  }
}
