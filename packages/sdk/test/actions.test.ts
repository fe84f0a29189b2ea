import { type TransactionReceipt, concatHex, createPublicClient, encodeAbiParameters, encodeEventTopics, getAddress, http, numberToHex, pad, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { buildSendParam, chainOf, endpointV2Abi, parseBridgeReceipt, trETHOFTAbi, ethValue, formatDuration, getRateQueryOptions, hubOf, inverseRate, isStaleRate, oftOf, quoteStakeQueryOptions, rateFromTotals } from '../src/index.js';
import { manifest } from './fixtures.js';

const bob = getAddress('0x0000000000000000000000000000000000000b0b');
const client = createPublicClient({ transport: http(manifest.chains.alpha.rpcUrl) });

describe('chainOf and hubOf', () => {
  it('resolve a manifest entry with its name and label, and refuse an unknown chain', () => {
    expect(chainOf(manifest, 'alpha', 'Alpha L2')).toMatchObject({ name: 'alpha', label: 'Alpha L2', role: 'spoke', eid: 40102 });
    expect(hubOf(manifest).name).toBe('hub');
    expect(() => chainOf(manifest, 'gamma' as 'alpha')).toThrow(/gamma is not in the manifest/);
  });
});

describe('buildSendParam and oftOf', () => {
  it('sends to the destination eid, the recipient as bytes32, no extra options (the enforced ones carry the gas)', () => {
    const param = buildSendParam({ to: chainOf(manifest, 'alpha'), recipient: bob, amount: 5n, minAmount: 4n });
    expect(param).toEqual({ dstEid: 40102, to: pad(bob), amountLD: 5n, minAmountLD: 4n, extraOptions: '0x', composeMsg: '0x', oftCmd: '0x' });
  });

  it('sends from the lockbox on the hub and from the token on a spoke', () => {
    expect(oftOf(hubOf(manifest)).address).toBe(manifest.chains.hub.contracts.TrETHAdapter);
    expect(oftOf(chainOf(manifest, 'alpha')).address).toBe(manifest.chains.alpha.contracts.TrETH);
  });
});

describe('isStaleRate', () => {
  it('judges by chain time against the pool limit, and a missing rate as stale', () => {
    const rate = 10n ** 18n;
    expect(isStaleRate({ rate, updatedAt: 1_000n, maxAge: 100n, blockTime: 1_100n })).toBe(false);
    expect(isStaleRate({ rate, updatedAt: 1_000n, maxAge: 100n, blockTime: 1_101n })).toBe(true);
    expect(isStaleRate({ rate: 0n, updatedAt: 0n, maxAge: 100n, blockTime: 1n })).toBe(true);
  });
});

describe('query options', () => {
  it('key reads by action and params, bigints as strings, so a query cache can hash them', () => {
    const alpha = chainOf(manifest, 'alpha');
    const options = quoteStakeQueryOptions(client, { chain: alpha, assets: 10n ** 18n });
    expect(options.queryKey[0]).toBe('tributary');
    expect(options.queryKey[1]).toBe('quoteStake');
    expect(JSON.stringify(options.queryKey)).toContain('"assets":"1000000000000000000"');
    expect(quoteStakeQueryOptions(client, { chain: alpha, assets: 2n }).queryKey).not.toEqual(options.queryKey);
    expect(getRateQueryOptions(client, { chain: alpha }).queryKey).toEqual(getRateQueryOptions(client, { chain: alpha }).queryKey);
  });
});

describe('amount helpers', () => {
  it('values trETH at a rate, inverts a rate, and derives one from the pool totals', () => {
    expect(ethValue(parseEther('2'), parseEther('1.25'))).toBe(parseEther('2.5'));
    expect(inverseRate(parseEther('1.25'))).toBe(parseEther('0.8'));
    expect(inverseRate(0n)).toBe(0n);
    expect(rateFromTotals(parseEther('105'), parseEther('100'))).toBe(parseEther('1.05'));
    expect(rateFromTotals(0n, 0n)).toBe(parseEther('1'));
  });

  it('reads durations the way people say them', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(303)).toBe('5 min 3 s');
    expect(formatDuration(3600n)).toBe('1 h');
    expect(formatDuration(86_400 + 3 * 3600)).toBe('1 d 3 h');
  });

  it('runs the action from its query options, which checks the slippage allowance before any RPC call', async () => {
    await expect(quoteStakeQueryOptions(client, { chain: chainOf(manifest, 'alpha'), assets: 1n, slippageBps: 10_001 }).queryFn()).rejects.toThrow(/slippageBps/);
  });
});

describe('parseBridgeReceipt', () => {
  const from = chainOf(manifest, 'alpha');
  const guid = `0x${'ab'.repeat(32)}` as const;
  const log = (address: `0x${string}`, topics: readonly unknown[], data: `0x${string}`) => ({ address, topics, data, blockNumber: 1n, logIndex: 0, transactionIndex: 0, blockHash: '0x', transactionHash: '0x', removed: false });
  /** A PacketSent as the endpoint emits it: version 1, then the nonce, the path and the guid. */
  const packetSent = (nonce: bigint, packetGuid: `0x${string}`) => {
    const payload = concatHex([numberToHex(1, { size: 1 }), numberToHex(nonce, { size: 8 }), numberToHex(40102, { size: 4 }), pad(from.contracts.TrETH), numberToHex(40101, { size: 4 }), pad(bob), packetGuid, '0x1234']);
    const data = encodeAbiParameters([{ type: 'bytes' }, { type: 'bytes' }, { type: 'address' }], [payload, '0x', bob]);
    return log(bob, encodeEventTopics({ abi: endpointV2Abi, eventName: 'PacketSent' }), data);
  };
  const oftSent = log(
    from.contracts.TrETH,
    encodeEventTopics({ abi: trETHOFTAbi, eventName: 'OFTSent', args: { guid, fromAddress: bob } }),
    encodeAbiParameters([{ type: 'uint32' }, { type: 'uint256' }, { type: 'uint256' }], [40101, 5n, 4n]),
  );

  it('reads the guid and amounts from OFTSent, and the nonce from the packet that carries that guid', () => {
    const receipt = { transactionHash: '0x', logs: [packetSent(3n, `0x${'cd'.repeat(32)}`), oftSent, packetSent(9n, guid)] } as unknown as TransactionReceipt;
    expect(parseBridgeReceipt(receipt, { from })).toEqual({ guid, nonce: 9n, amountSent: 5n, amountReceived: 4n });
  });

  it('refuses a receipt without the send or without its packet', () => {
    expect(() => parseBridgeReceipt({ transactionHash: '0x', logs: [packetSent(9n, guid)] } as unknown as TransactionReceipt, { from })).toThrow(/No OFTSent/);
    expect(() => parseBridgeReceipt({ transactionHash: '0x', logs: [oftSent] } as unknown as TransactionReceipt, { from })).toThrow(/No LayerZero packet/);
  });
});
