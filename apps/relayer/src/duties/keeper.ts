/**
 * The keeper: stakes the pool's buffered ETH 32 ETH per validator as soon as it can. The pool's
 * own views say how much of the buffer is free (what unfinalized withdrawals need stays) and how
 * many keys the registry can hand out, so the keeper re-derives neither.
 */
import type { LocalAccount } from 'viem';
import { type Manifest, nodeOperatorRegistryAbi, trETHAbi } from '@tributary/contracts';
import type { ChainClient } from '../chains.ts';
import { type Context, type Signer, type Signers, runAction } from '../tx.ts';

const DEPOSIT_SIZE = 32n * 10n ** 18n;
/** Validators per transaction at most, to stay well inside the block gas limit. */
const MAX_VALIDATORS_PER_TX = 16n;

export class Keeper {
  readonly name = 'keeper';
  private readonly signer: Signer;

  constructor(
    private readonly manifest: Manifest,
    private readonly hub: ChainClient,
    account: LocalAccount,
    private readonly ctx: Context,
    signers: Signers,
  ) {
    this.signer = signers.for(hub, account);
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
    // Keyed by the buffer it spends: once mined the liquidity changes, and so does the next id.
    const id = `keeper:${liquidity}:${count}`;
    const result = await runAction(
      this.ctx,
      this.signer,
      { id, duty: this.name, what: 'depositBufferedEther' },
      async () => (await this.hub.public.readContract({ ...pool, functionName: 'availableLiquidity' })) < liquidity,
      () => this.signer.write(id, this.name, { ...pool, functionName: 'depositBufferedEther', args: [count] }),
    );
    if (result.outcome !== 'done') return 0n;
    this.ctx.log('info', 'validators deposited', { count, liquidity, tx: result.receipt!.transactionHash, gasUsed: result.receipt!.gasUsed });
    return count;
  }
}
