/**
 * The keeper: stakes the pool's buffered ETH 32 ETH per validator as soon as it can, through the
 * DepositSecurityModule with a quorum of deposit guardians' attestations (see guardian.ts). The
 * pool's own views say how much of the buffer is free (what unfinalized withdrawals need stays)
 * and how many keys the registry can hand out, so the keeper re-derives neither.
 */
import type { LocalAccount } from 'viem';
import { depositContractAbi, depositSecurityModuleAbi, nodeOperatorRegistryAbi, trETHAbi } from '@tributary/contracts';
import { runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';
import { type AttestationBoard, pickQuorum } from './guardian.ts';

export const DEPOSIT_SIZE = 32n * 10n ** 18n;
/** Validators per transaction at most, to stay well inside the block gas limit. */
const MAX_VALIDATORS_PER_TX = 16n;

const min = (a: bigint, b: bigint) => (a < b ? a : b);

export class Keeper extends DutyBase {
  readonly name = 'keeper';
  private readonly signer: Signer;

  constructor(
    deps: DutyDeps,
    account: LocalAccount,
    private readonly board: AttestationBoard,
  ) {
    super(deps);
    this.signer = deps.signers.for(deps.clients.hub, account);
  }

  /** Returns how many validators it deposited. */
  async tick(): Promise<bigint> {
    const hub = this.manifest.chains.hub.contracts;
    const client = this.hub.public;
    const pool = { address: hub.TrETH, abi: trETHAbi } as const;
    const dsm = { address: hub.DepositSecurityModule, abi: depositSecurityModuleAbi } as const;
    const [liquidity, canDeposit, maxDeposits] = await Promise.all([
      client.readContract({ ...pool, functionName: 'availableLiquidity' }),
      client.readContract({ ...dsm, functionName: 'canDeposit' }),
      client.readContract({ ...dsm, functionName: 'maxDepositsPerBlock' }),
    ]);
    const stakeable = min(min(liquidity / DEPOSIT_SIZE, MAX_VALIDATORS_PER_TX), maxDeposits);
    if (stakeable === 0n || !canDeposit) return 0n;
    // Bounded query: the registry's unbounded `availableKeys` walks every pick.
    const count = await client.readContract({ address: hub.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'allocatableKeys', args: [stakeable] });
    if (count === 0n) return 0n;

    const [head, depositRoot, keysNonce, quorum, guardians, maxSignatureAge] = await Promise.all([
      client.getBlockNumber(),
      client.readContract({ address: hub.BeaconDepositContract, abi: depositContractAbi, functionName: 'get_deposit_root' }),
      client.readContract({ address: hub.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'keysNonce' }),
      client.readContract({ ...dsm, functionName: 'quorum' }),
      client.readContract({ ...dsm, functionName: 'getGuardians' }),
      client.readContract({ ...dsm, functionName: 'maxSignatureAge' }),
    ]);
    const picked = pickQuorum(this.board.attestations(), { depositRoot, keysNonce, head, maxSignatureAge, quorum, guardians });
    if (!picked) {
      this.ctx.log('debug', 'no guardian quorum for the current deposit root yet', { depositRoot, keysNonce, quorum });
      return 0n;
    }
    // Keyed by the root it spends: a deposit moves the root, so the next one gets a new id.
    const id = `keeper:${depositRoot}:${keysNonce}`;
    const result = await runAction(
      this.ctx,
      this.signer,
      { id, duty: this.name, what: 'depositBufferedEther' },
      async () =>
        (await client.readContract({ address: hub.BeaconDepositContract, abi: depositContractAbi, functionName: 'get_deposit_root' })) !== depositRoot,
      () =>
        this.signer.write(id, this.name, {
          ...dsm,
          functionName: 'depositBufferedEther',
          args: [count, picked.blockNumber, picked.blockHash, depositRoot, keysNonce, picked.signatures],
        }),
    );
    if (result.outcome !== 'done') return 0n;
    this.ctx.log('info', 'validators deposited', { count, liquidity, tx: result.receipt!.transactionHash, gasUsed: result.receipt!.gasUsed });
    return count;
  }
}
