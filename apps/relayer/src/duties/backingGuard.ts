/**
 * Keeps every spoke's supply backed: covers a spoke's unbacked shares from the ledger's reserve as
 * soon as it holds any, and when a spoke's unbacked supply stays over the ledger's threshold,
 * sends the HALT that stops the spoke minting. Both calls are permissionless on chain; this duty
 * only makes sure someone makes them.
 */
import type { Account, Hex } from 'viem';
import { type SpokeName, chains, spokeNames } from '@tributary/config';
import { type Manifest, backingLedgerAbi, spokePoolAbi } from '@tributary/contracts';
import { type ChainClient, type Wallet, walletFor } from '../chains.ts';
import type { Logger } from '../log.ts';

export class BackingGuard {
  readonly name = 'backing-guard';
  private readonly wallet: Wallet;

  constructor(
    private readonly manifest: Manifest,
    private readonly clients: Record<'hub' | SpokeName, ChainClient>,
    account: Account,
    private readonly log: Logger,
  ) {
    this.wallet = walletFor(clients.hub, account);
  }

  /** Returns the spokes it acted on. */
  async tick(): Promise<SpokeName[]> {
    const hub = this.clients.hub.public;
    const ledger = { address: this.manifest.chains.hub.contracts.BackingLedger, abi: backingLedgerAbi } as const;
    const [threshold, reserve] = await Promise.all([
      hub.readContract({ ...ledger, functionName: 'unbackedThreshold' }),
      hub.readContract({ ...ledger, functionName: 'reserveShares' }),
    ]);
    const acted: SpokeName[] = [];
    for (const spoke of spokeNames) {
      const eid = chains[spoke].eid;
      let { unbackedShares } = await hub.readContract({ ...ledger, functionName: 'spoke', args: [eid] });
      if (unbackedShares === 0n) continue;
      if (reserve > 0n) {
        const { request } = await hub.simulateContract({ ...ledger, account: this.wallet.account, functionName: 'coverUnbacked', args: [eid] });
        await this.confirm(await this.wallet.writeContract(request), `coverUnbacked(${eid})`);
        ({ unbackedShares } = await hub.readContract({ ...ledger, functionName: 'spoke', args: [eid] }));
        this.log('info', 'unbacked spoke supply covered from the reserve', { spoke, unbackedShares });
        acted.push(spoke);
      }
      if (unbackedShares <= threshold) continue;
      const pool = { address: this.manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi } as const;
      if (await this.clients[spoke].public.readContract({ ...pool, functionName: 'paused' })) continue;
      const fee = await hub.readContract({ ...ledger, functionName: 'quoteHalt', args: [eid] });
      const { request } = await hub.simulateContract({ ...ledger, account: this.wallet.account, functionName: 'haltSpoke', args: [eid], value: fee });
      await this.confirm(await this.wallet.writeContract(request), `haltSpoke(${eid})`);
      this.log('warn', 'spoke halted: unbacked supply over the threshold', { spoke, unbackedShares, threshold });
      if (!acted.includes(spoke)) acted.push(spoke);
    }
    return acted;
  }

  private async confirm(hash: Hex, what: string): Promise<void> {
    const receipt = await this.clients.hub.public.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`${what} reverted in ${hash}`);
  }
}
