/**
 * @tributary/sdk against the suite's devnet: every action on the real contracts of the three anvil
 * chains, with the relayer delivering rates, batches and LayerZero packets. The SDK reads its
 * addresses only from the devnet's manifest; it signs with a fresh key this file funds itself.
 */
import { type Address, type Hex, createWalletClient, encodeFunctionData, http, keccak256, parseEther, parseGwei, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spokeNames } from '@tributary/config';
import { rateReceiverAbi, spokePoolAbi, trETHAbi, trETHCollateralOracleAbi, trETHOFTAbi } from '@tributary/contracts';
import { trETHCollateralOracleBytecode } from '@tributary/contracts/bytecode';
import {
  InsufficientBalanceError,
  PausedError,
  RateLimitError,
  StaleRateError,
  TransactionRevertedError,
  createTributary,
  parseManifest,
} from '@tributary/sdk';
import { fromManifestFile } from '@tributary/sdk/node';
import { waitFor } from '../src/wait.ts';
import { testDevnet } from './clients.ts';

const { manifest, chains: net } = testDevnet();
/** Not one of the devnet's indexed accounts: no other suite or service signs with it. */
const account = privateKeyToAccount(keccak256(toHex('tributary sdk devnet test')));
const tributary = createTributary({ manifest: fromManifestFile(inject('manifestPath')), account });
/** A frame is 12 one-second slots and finality trails by 8: a report lands within ~25 s. */
const REPORT_TIMEOUT = { timeoutMs: 90_000, intervalMs: 250 };

/** The alpha batch that carries this file's alpha deposit. */
let alphaBatch = 0n;
/** trETH this file minted on alpha. */
let alphaShares = 0n;

const trEthBalance = (chain: 'hub' | 'alpha' | 'beta') =>
  net[chain].public.readContract({ address: manifest.chains[chain].contracts.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [account.address] });

/**
 * Sends as the pools' owner, the chain's timelock, impersonated without its delay, without waiting:
 * this file is about the SDK (apps/devnet/test/timelock.test.ts goes through the delay).
 */
async function sendAsOwner(chain: 'alpha' | 'beta', functionName: 'pause' | 'unpause' | 'setMaxRateAge', args: readonly [] | readonly [number] = [], maxPriorityFeePerGas?: bigint): Promise<Hex> {
  const client = net[chain].public;
  const owner = manifest.chains[chain].contracts.Timelock;
  await client.request({ method: 'anvil_impersonateAccount' as never, params: [owner] as never });
  // The timelock holds no ETH of its own to pay gas with.
  await client.request({ method: 'anvil_setBalance' as never, params: [owner, toHex(parseEther('1'))] as never });
  const tip = maxPriorityFeePerGas === undefined ? {} : { maxPriorityFeePerGas: toHex(maxPriorityFeePerGas), maxFeePerGas: toHex(maxPriorityFeePerGas + parseGwei('100')) };
  return (await client.request({
    method: 'eth_sendTransaction' as never,
    params: [{ from: owner, to: manifest.chains[chain].contracts.SpokePool, data: encodePool(functionName, args), ...tip }] as never,
  })) as Hex;
}

async function asOwner(chain: 'alpha' | 'beta', functionName: 'pause' | 'unpause' | 'setMaxRateAge', args: readonly [] | readonly [number] = []) {
  const receipt = await net[chain].public.waitForTransactionReceipt({ hash: await sendAsOwner(chain, functionName, args) });
  expect(receipt.status).toBe('success');
}

/**
 * Waits for the relayer while every chain mines a block a second. The relayer stalls on a chain
 * that mines no new block (found by this file, which runs it alone: it resumes at the next block;
 * reported to the relayer's owners); other suites' traffic hides it. Ticking keeps this file about
 * the SDK.
 */
async function waitWhileMining(what: string, condition: () => Promise<boolean>, options?: { timeoutMs?: number; intervalMs?: number }) {
  const tick = setInterval(() => {
    for (const chain of ['hub', ...spokeNames] as const) void net[chain].public.request({ method: 'anvil_mine' as never, params: ['0x1'] as never }).catch(() => {});
  }, 1_000);
  try {
    await waitFor(what, condition, options);
  } finally {
    clearInterval(tick);
  }
}

beforeAll(async () => {
  for (const chain of ['hub', ...spokeNames] as const) {
    await net[chain].public.request({ method: 'anvil_setBalance' as never, params: [account.address, toHex(parseEther('100'))] as never });
  }
});

describe('@tributary/sdk on the devnet', { timeout: 120_000 }, () => {
  it('accepts the manifest the deploy step wrote', () => {
    expect(parseManifest(manifest)).toBe(manifest);
    expect(tributary.hub).toBe('hub');
    expect([...tributary.spokes].sort()).toEqual(['alpha', 'beta']);
  });

  it('reads the rate and its age on the hub and on both spokes, fresh and equal once synced', async () => {
    const hub = await tributary.getRate('hub');
    expect(hub).toMatchObject({ role: 'hub', stale: false });
    // Any file may have run first on the shared devnet, a slashing included: a plausible rate, not 1.0 or more.
    expect(hub.rate).toBeGreaterThan(parseEther('0.9'));
    expect(hub.rate).toBeLessThan(parseEther('1.1'));
    // Reports land every 12 s: compare at the block the SDK read, where rate and report time belong together.
    const atHubBlock = { address: manifest.chains.hub.contracts.TrETH, abi: trETHAbi, blockNumber: hub.blockNumber } as const;
    expect(hub.rate).toBe(await net.hub.public.readContract({ ...atHubBlock, functionName: 'getRate' }));
    expect(hub.updatedAt).toBe(await net.hub.public.readContract({ ...atHubBlock, functionName: 'lastReportTime' }));
    for (const spoke of spokeNames) {
      await waitFor(`${spoke} to carry a rate`, async () => (await tributary.getRate(spoke)).rate > 0n);
      const info = await tributary.getRate(spoke);
      expect(info).toMatchObject({ role: 'spoke', stale: false, maxAge: 86_400n });
      expect(info.age).toBeLessThan(info.maxAge!);
      // The same report the hub applied (or an older one still in flight): never ahead of the hub.
      expect(info.updatedAt).toBeLessThanOrEqual((await tributary.getRate('hub')).updatedAt);
    }
  });

  it('quotes and stakes on a spoke, minting what the quote promised', async () => {
    const assets = parseEther('1');
    const quote = await tributary.quoteStake('alpha', assets, { slippageBps: 100 });
    expect(quote.fee).toBe((assets * 10n + 9_999n) / 10_000n);
    expect(quote.minShares).toBe((quote.shares * 9_900n) / 10_000n);
    const before = await trEthBalance('alpha');
    const result = await tributary.stake('alpha', assets, { slippageBps: 100 });
    expect(result.receipt.status).toBe('success');
    // An exact estimate leaves no room for a block that moves first: the limit keeps a margin.
    const { gas } = await net.alpha.public.getTransaction({ hash: result.hash });
    expect(gas * 100n).toBeGreaterThanOrEqual(result.receipt.gasUsed * 120n);
    expect(result.shares).toBeGreaterThanOrEqual(result.minShares);
    expect((await trEthBalance('alpha')) - before).toBe(result.shares);
    // Exactly the pool's own quote for the state the deposit ran on.
    const [atBlock] = await net.alpha.public.readContract({
      address: manifest.chains.alpha.contracts.SpokePool, abi: spokePoolAbi, functionName: 'quoteDeposit', args: [assets], blockNumber: result.receipt.blockNumber - 1n,
    });
    expect(result.shares).toBe(atBlock);
    alphaShares = result.shares;
    alphaBatch = 1n + (await net.alpha.public.readContract({ address: manifest.chains.alpha.contracts.SpokePool, abi: spokePoolAbi, functionName: 'lastBatchId', blockNumber: result.receipt.blockNumber }));
  });

  it('stakes on the hub at the previewed rate', async () => {
    const quote = await tributary.quoteStake('hub', parseEther('3'));
    expect(quote.fee).toBe(0n);
    const before = await trEthBalance('hub');
    const { shares } = await tributary.stake('hub', parseEther('3'));
    expect(shares).toBeGreaterThanOrEqual(quote.minShares);
    expect((await trEthBalance('hub')) - before).toBe(shares);
  });

  it('refuses a stake larger than the balance before sending anything', async () => {
    const nonce = await net.alpha.public.getTransactionCount({ address: account.address });
    const error = await tributary.stake('alpha', parseEther('1000')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect(error).toMatchObject({ token: 'ETH', required: parseEther('1000') });
    expect(await net.alpha.public.getTransactionCount({ address: account.address })).toBe(nonce);
  });

  it('bridges hub trETH to alpha (approving the lockbox) and alpha trETH to beta', async () => {
    const amount = parseEther('1');
    const alphaBefore = await trEthBalance('alpha');
    const toAlpha = await tributary.bridge('hub', 'alpha', amount);
    expect(toAlpha.guid).toMatch(/^0x[0-9a-f]{64}$/);
    expect(toAlpha.amountReceived).toBe(amount);
    await waitFor('bridged trETH on alpha', async () => (await trEthBalance('alpha')) === alphaBefore + amount);

    const betaBefore = await trEthBalance('beta');
    const quote = await tributary.quoteBridge('alpha', 'beta', parseEther('0.5'));
    expect(quote.nativeFee).toBeGreaterThan(0n);
    const toBeta = await tributary.bridge('alpha', 'beta', parseEther('0.5'));
    expect(toBeta.nativeFee).toBe(quote.nativeFee);
    await waitFor('bridged trETH on beta', async () => (await trEthBalance('beta')) === betaBefore + parseEther('0.5'));
  });

  it('refuses a bridge over the outbound rate limit, and one over the trETH balance', async () => {
    const tooMuch = parseEther('20000');
    const error = await tributary.quoteBridge('hub', 'beta', tooMuch).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).available).toBeLessThan(tooMuch);
    await expect(tributary.bridge('beta', 'alpha', parseEther('50'))).rejects.toBeInstanceOf(InsufficientBalanceError);
  });

  describe('while the beta pool refuses deposits', () => {
    afterAll(async () => {
      await asOwner('beta', 'setMaxRateAge', [86_400]);
      if (await net.beta.public.readContract({ address: manifest.chains.beta.contracts.SpokePool, abi: spokePoolAbi, functionName: 'paused' })) await asOwner('beta', 'unpause');
    });

    it('throws PausedError when the pool is paused', async () => {
      await asOwner('beta', 'pause');
      await expect(tributary.quoteStake('beta', parseEther('1'))).rejects.toBeInstanceOf(PausedError);
      await expect(tributary.stake('beta', parseEther('1'))).rejects.toMatchObject({ name: 'PausedError', chain: 'beta', what: 'deposits' });
      await asOwner('beta', 'unpause');
      expect((await tributary.quoteStake('beta', parseEther('1'))).shares).toBeGreaterThan(0n);
    });

    it('names the revert of a deposit the pool was paused under after the simulation passed', async () => {
      const beta = net.beta.public;
      const nonce = await beta.getTransactionCount({ address: account.address });
      await beta.request({ method: 'evm_setAutomine' as never, params: [false] as never });
      try {
        const staking = tributary.stake('beta', parseEther('1')).catch((caught: unknown) => caught);
        await waitFor('the deposit to wait in the mempool', async () => (await beta.getTransactionCount({ address: account.address, blockTag: 'pending' })) > nonce);
        // The owner's pause pays a higher tip, so the block runs it ahead of the deposit.
        const pause = await sendAsOwner('beta', 'pause', [], parseGwei('50'));
        await beta.request({ method: 'anvil_mine' as never, params: ['0x1'] as never });
        const error = await staking;
        expect((await beta.getTransactionReceipt({ hash: pause })).status).toBe('success');
        expect(error).toBeInstanceOf(TransactionRevertedError);
        expect(error).toMatchObject({ chain: 'beta', functionName: 'deposit' });
        expect((error as TransactionRevertedError).gasUsed).toBeLessThan((error as TransactionRevertedError).gasLimit);
        expect((error as TransactionRevertedError).cause).toBeInstanceOf(PausedError);
        expect((error as Error).message).toMatch(/paused on beta/);
      } finally {
        await beta.request({ method: 'evm_setAutomine' as never, params: [true] as never });
        if (await beta.readContract({ address: manifest.chains.beta.contracts.SpokePool, abi: spokePoolAbi, functionName: 'paused' })) await asOwner('beta', 'unpause');
      }
    });

    it('reports a stale rate and throws StaleRateError with the pool\'s own age and limit', async () => {
      await asOwner('beta', 'setMaxRateAge', [1]);
      await waitFor('the beta rate to be over a second old', async () => (await tributary.getRate('beta')).stale, { timeoutMs: 10_000 });
      const error = await tributary.stake('beta', parseEther('1')).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StaleRateError);
      expect((error as StaleRateError).maxAge).toBe(1n);
      expect((error as StaleRateError).age).toBeGreaterThan(1n);
    });
  });

  it('requests a withdrawal, sees it finalized by an oracle report, and claims the ETH', async () => {
    const shares = parseEther('1');
    const { requestId, receipt: requested } = await tributary.requestWithdrawal(shares);
    const pending = await tributary.getWithdrawal(requestId);
    expect(pending).toMatchObject({ requestId, shares, ethFinalized: 0n, status: 'pending' });
    // The queue stores no request time: the SDK reads it from the request event's block.
    expect(pending.requestedAt).toBe((await net.hub.public.getBlock({ blockNumber: requested.blockNumber })).timestamp);
    // The queue keeps no per-owner list: the SDK rebuilds it from the NFT's Transfer logs.
    // (Compared by id and amounts: a report may finalize it between the two reads.)
    const listed = (await tributary.getWithdrawalsOf()).find((withdrawal) => withdrawal.requestId === requestId);
    expect(listed).toMatchObject({ shares, rateAtRequest: pending.rateAtRequest, requestedAt: pending.requestedAt });
    await waitWhileMining(`request ${requestId} to be finalized`, async () => (await tributary.getWithdrawal(requestId)).status === 'claimable', REPORT_TIMEOUT);
    const { ethFinalized } = await tributary.getWithdrawal(requestId);
    expect(ethFinalized).toBeGreaterThan(0n);
    expect(ethFinalized).toBeLessThanOrEqual((shares * pending.rateAtRequest) / 10n ** 18n);

    const before = await net.hub.public.getBalance({ address: account.address });
    const { eth, receipt } = await tributary.claimWithdrawal(requestId);
    expect(eth).toBe(ethFinalized);
    expect((await net.hub.public.getBalance({ address: account.address })) - before + receipt.gasUsed * receipt.effectiveGasPrice).toBe(eth);
    expect((await tributary.getWithdrawal(requestId)).status).toBe('claimed');
    expect((await tributary.getWithdrawalsOf()).map((withdrawal) => withdrawal.requestId)).not.toContain(requestId);
  });

  it('reads the backing of every spoke once the relayer has batched its deposits', async () => {
    expect(alphaBatch).toBeGreaterThan(0n);
    await waitWhileMining(`alpha batch ${alphaBatch} on the hub`, async () => (await tributary.getBacking()).spokes.find((spoke) => spoke.chain === 'alpha')!.lastBatchId >= alphaBatch);
    const lockbox = () =>
      net.hub.public.readContract({ address: manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [manifest.chains.hub.contracts.TrETHAdapter] });
    const supply = (chain: 'alpha' | 'beta') => net[chain].public.readContract({ address: manifest.chains[chain].contracts.TrETH, abi: trETHOFTAbi, functionName: 'totalSupply' });
    // Batches keep landing meanwhile and only add: bracket the SDK's reads by direct ones.
    const before = { lockbox: await lockbox(), alpha: await supply('alpha'), beta: await supply('beta') };
    const backing = await tributary.getBacking();
    const after = { lockbox: await lockbox(), alpha: await supply('alpha'), beta: await supply('beta') };
    expect(backing.lockboxBalance).toBeGreaterThanOrEqual(before.lockbox);
    expect(backing.lockboxBalance).toBeLessThanOrEqual(after.lockbox);
    expect(backing.spokes.map((spoke) => spoke.chain).sort()).toEqual(['alpha', 'beta']);
    for (const spoke of backing.spokes) {
      const name = spoke.chain as 'alpha' | 'beta';
      expect(spoke.supply).toBeGreaterThanOrEqual(before[name]);
      expect(spoke.supply).toBeLessThanOrEqual(after[name]);
      expect(spoke.unbackedShares).toBe(0n);
    }
    expect(backing.spokes.find((spoke) => spoke.chain === 'alpha')!.backedShares).toBeGreaterThanOrEqual(alphaShares);
  });
});

describe('example TrETHCollateralOracle on alpha', { timeout: 60_000 }, () => {
  const alpha = manifest.chains.alpha;
  const wallet = createWalletClient({ chain: net.alpha.public.chain, transport: http(alpha.rpcUrl), account });

  /**
   * By default: floor 5% under today's rate (an earlier test file may have reported a slashing),
   * ceiling growing 10% a year from it. `floorPct` and `snapshotPct` set the floor and the
   * ceiling's start as percentages of today's rate instead.
   */
  async function deployOracle(maxAge: bigint, { floorPct = 95n, snapshotPct = 100n } = {}): Promise<Address> {
    const [rate] = await net.alpha.public.readContract({ address: alpha.contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' });
    const { timestamp } = await net.alpha.public.getBlock();
    const hash = await wallet.deployContract({
      abi: trETHCollateralOracleAbi,
      bytecode: trETHCollateralOracleBytecode,
      args: [alpha.contracts.RateReceiver, maxAge, (rate * floorPct) / 100n, (rate * snapshotPct) / 100n, timestamp, 1_000n],
    });
    const receipt = await net.alpha.public.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    return receipt.contractAddress!;
  }

  it('prices trETH with the rate the relayer pushed to the RateReceiver', async () => {
    const oracle = await deployOracle(86_400n);
    // Every read at the block the SDK read: the relayer may push a newer report between two calls.
    const { rate: pushed, updatedAt, blockNumber } = await tributary.getRate('alpha');
    expect(await net.alpha.public.readContract({ address: alpha.contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt', blockNumber })).toEqual([pushed, updatedAt]);
    expect(await net.alpha.public.readContract({ address: oracle, abi: trETHCollateralOracleAbi, functionName: 'getRate', blockNumber })).toBe(pushed);
    expect(await net.alpha.public.readContract({ address: oracle, abi: trETHCollateralOracleAbi, functionName: 'ethValue', args: [parseEther('2')], blockNumber })).toBe((2n * pushed));
    const [, answer, , roundUpdatedAt] = await net.alpha.public.readContract({ address: oracle, abi: trETHCollateralOracleAbi, functionName: 'latestRoundData', blockNumber });
    expect(answer).toBe(pushed);
    expect(roundUpdatedAt).toBe(updatedAt);
  });

  /** The oracle's status, feed rate, answer and updatedAt, and the receiver's rate, all at one block. */
  async function readStatus(oracle: Address) {
    const blockNumber = await net.alpha.public.getBlockNumber();
    const [status, feedRate, answer, updatedAt] = await net.alpha.public.readContract({ address: oracle, abi: trETHCollateralOracleAbi, functionName: 'rateStatus', blockNumber });
    const [receiverRate] = await net.alpha.public.readContract({ address: alpha.contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt', blockNumber });
    const getRate = await net.alpha.public.readContract({ address: oracle, abi: trETHCollateralOracleAbi, functionName: 'getRate', blockNumber });
    return { status, feedRate, answer, updatedAt, receiverRate, getRate };
  }

  const Status = { Normal: 0, BelowFloor: 1, Capped: 2, Stale: 3 } as const;

  it('keeps answering a rate older than its own max age, and reports it Stale', async () => {
    const oracle = await deployOracle(1n);
    await waitWhileMining('the alpha rate to be over a second old', async () => (await tributary.getRate('alpha')).age > 1n, { timeoutMs: 10_000 });
    const read = await readStatus(oracle);
    expect(read.status).toBe(Status.Stale);
    expect(read.answer).toBe(read.receiverRate);
    expect(read.getRate).toBe(read.receiverRate);
  });

  // A floor 5% over today's rate, as if a slashing had just taken the rate under it: answered as it
  // is, so liquidations go on. A ceiling starting at half today's rate, so the feed looks pumped to
  // this market: capped.
  it.each([
    { status: Status.BelowFloor, floorPct: 105n, snapshotPct: 110n, answerIsFeed: true },
    { status: Status.Capped, floorPct: 50n, snapshotPct: 50n, answerIsFeed: false },
  ])('answers without reverting and reports status $status (floor $floorPct%, ceiling from $snapshotPct%)', async ({ status, floorPct, snapshotPct, answerIsFeed }) => {
    const oracle = await deployOracle(86_400n, { floorPct, snapshotPct });
    const read = await readStatus(oracle);
    expect(read.status).toBe(status);
    expect(read.feedRate).toBe(read.receiverRate);
    expect(read.getRate).toBe(read.answer);
    if (answerIsFeed) expect(read.answer).toBe(read.receiverRate);
    else expect(read.answer).toBeLessThan(read.receiverRate);
  });
});

function encodePool(functionName: 'pause' | 'unpause' | 'setMaxRateAge', args: readonly [] | readonly [number]): Hex {
  return encodeFunctionData({ abi: spokePoolAbi, functionName, args } as never);
}
