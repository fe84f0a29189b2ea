/**
 * Spoke batches on the devnet, driven only by the real services: a deposit on a spoke leaves in a
 * batch (by size or by age), its accounting reaches the hub's BackingLedger through LayerZero, its
 * ETH through the local bridge, the hub backs the spoke's trETH in the lockbox and the keeper
 * stakes the ETH; trETH moves between the two spokes by OFT send.
 */
import { type Hex, parseEther, parseEventLogs } from 'viem';
import { describe, expect, it } from 'vitest';
import { type SpokeName, chains } from '@tributary/config';
import { addressToBytes32, backingLedgerAbi, spokePoolAbi, trETHAbi, trETHOFTAbi } from '@tributary/contracts';
import { waitFor } from '../src/wait.ts';
import { testDevnet } from './clients.ts';

const { manifest, chains: net } = testDevnet();
const hub = manifest.chains.hub.contracts;
/** This file's own account. */
const staker = 9;
/** IBackingLedger.BatchStatus.Settled */
const SETTLED = 4;
const BATCH_TIMEOUT = { timeoutMs: 60_000, intervalMs: 100 };

async function confirmed(chain: keyof typeof net, hash: Hex) {
  const receipt = await net[chain].public.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

const ledgerBatch = (spoke: SpokeName, batchId: bigint) =>
  net.hub.public.readContract({ address: hub.BackingLedger, abi: backingLedgerAbi, functionName: 'batch', args: [chains[spoke].eid, batchId] });
const lockbox = () => net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [hub.TrETHAdapter] });

/** Deposits on `spoke` and returns the batch that carried the deposit once it left. */
async function depositAndAwaitBatch(spoke: SpokeName, assets: bigint) {
  const pool = { address: manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi } as const;
  const wallet = net[spoke].wallet(staker);
  const deposit = await confirmed(spoke, await wallet.writeContract({ ...pool, functionName: 'deposit', args: [wallet.account.address, 0n], value: assets }));
  let batch: { batchId: bigint; assets: bigint; shares: bigint } | undefined;
  await waitFor(
    `a batch on ${spoke} carrying the deposit of block ${deposit.blockNumber}`,
    async () => {
      const sent = await net[spoke].public.getContractEvents({ ...pool, eventName: 'BatchSent', fromBlock: deposit.blockNumber });
      const first = sent[0];
      if (first) batch = { batchId: first.args.batchId!, assets: first.args.assets!, shares: first.args.shares! };
      return first !== undefined;
    },
    BATCH_TIMEOUT,
  );
  return batch!;
}

describe('spoke batches through the services', { timeout: 120_000 }, () => {
  it('sends a validator-sized deposit on alpha to the hub at once, backs it and stakes it', async () => {
    const lockedBefore = await lockbox();
    const batch = await depositAndAwaitBatch('alpha', parseEther('40'));
    expect(batch.assets).toBeGreaterThanOrEqual(parseEther('40'));

    await waitFor('the hub to settle the batch (accounting and ETH)', async () => (await ledgerBatch('alpha', batch.batchId)).status === SETTLED, BATCH_TIMEOUT);
    const settled = await ledgerBatch('alpha', batch.batchId);
    expect(settled.assets).toBe(batch.assets);
    expect(settled.landed).toBe(batch.assets);
    expect(settled.shares).toBe(batch.shares);
    // Other suites bridge through the lockbox at the same time, so only a lower bound holds here.
    expect(await lockbox()).toBeGreaterThanOrEqual(lockedBefore + batch.shares);

    const spoke = await net.hub.public.readContract({ address: hub.BackingLedger, abi: backingLedgerAbi, functionName: 'spoke', args: [chains.alpha.eid] });
    expect(spoke.backedShares + spoke.unbackedShares).toBe(spoke.mintedShares);
    expect(spoke.unbackedShares).toBe(0n);

    const landedAt = await net.hub.public.getBlockNumber();
    await waitFor(
      'the keeper to stake the landed ETH',
      async () => (await net.hub.public.getContractEvents({ address: hub.TrETH, abi: trETHAbi, eventName: 'ValidatorsDeposited', fromBlock: landedAt })).length > 0,
      BATCH_TIMEOUT,
    );
  });

  it('sends a small deposit on beta when its batch is old enough', async () => {
    const batch = await depositAndAwaitBatch('beta', parseEther('0.5'));
    expect(batch.assets).toBeGreaterThanOrEqual(parseEther('0.5'));
    await waitFor('the hub to settle the beta batch', async () => (await ledgerBatch('beta', batch.batchId)).status === SETTLED, BATCH_TIMEOUT);
  });

  it('bridges trETH from alpha to beta', async () => {
    const wallet = net.alpha.wallet(staker);
    const to = wallet.account.address;
    const token = (spoke: SpokeName) => ({ address: manifest.chains[spoke].contracts.TrETH, abi: trETHOFTAbi }) as const;
    const amount = parseEther('1');
    const balanceOnBeta = () => net.beta.public.readContract({ ...token('beta'), functionName: 'balanceOf', args: [to] });
    const before = await balanceOnBeta();
    const sendParam = { dstEid: chains.beta.eid, to: addressToBytes32(to), amountLD: amount, minAmountLD: amount, extraOptions: '0x', composeMsg: '0x', oftCmd: '0x' } as const;
    const fee = await net.alpha.public.readContract({ ...token('alpha'), functionName: 'quoteSend', args: [sendParam, false] });
    const receipt = await confirmed('alpha', await wallet.writeContract({ ...token('alpha'), functionName: 'send', args: [sendParam, fee, to], value: fee.nativeFee }));
    const [sent] = parseEventLogs({ abi: trETHOFTAbi, eventName: 'OFTSent', logs: receipt.logs });
    expect(sent?.args.amountSentLD).toBe(amount);
    await waitFor('the trETH to arrive on beta', async () => (await balanceOnBeta()) === before + amount);
  });
});
