/**
 * The keeper: stakes the pool's buffered ETH 32 ETH per validator as soon as it can. The pool's
 * own views say how much of the buffer is free (what unfinalized withdrawals need stays) and how
 * many keys the registry can hand out, so the keeper re-derives neither.
 */
import type { Account } from 'viem';
import { type Manifest, nodeOperatorRegistryAbi, trETHAbi } from '@tributary/contracts';
import { type ChainClient, type Wallet, walletFor } from '../chains.ts';
import type { Logger } from '../log.ts';

const DEPOSIT_SIZE = 32n * 10n ** 18n;
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
    const liquidity = await this.hub.public.readContract({ ...pool, functionName: 'availableLiquidity' });
    const stakeable = liquidity / DEPOSIT_SIZE < MAX_VALIDATORS_PER_TX ? liquidity / DEPOSIT_SIZE : MAX_VALIDATORS_PER_TX;
    if (stakeable === 0n) return 0n;
    // Bounded query: the registry's unbounded `availableKeys` walks every pick.
    const count = await this.hub.public.readContract({
      address: hub.NodeOperatorRegistry,
      abi: nodeOperatorRegistryAbi,
      functionName: 'allocatableKeys',
      args: [stakeable],
    });
    if (count === 0n) return 0n;
    const { request } = await this.hub.public.simulateContract({ ...pool, account: this.wallet.account, functionName: 'depositBufferedEther', args: [count] });
    const hash = await this.wallet.writeContract(request);
    const receipt = await this.hub.public.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`depositBufferedEther reverted in ${hash}`);
    this.log('info', 'validators deposited', { count, liquidity, tx: hash, gasUsed: receipt.gasUsed });
    return count;
  }
}
