/**
 * The relayer fault tests' own devnet: three anvils behind cuttable proxies, so a test can take a
 * chain's RPC away, reorg a chain or kill the relayer without disturbing the shared suite devnet.
 * `checkEndState` holds what every fault test must leave true.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Account, type Chain, type Hex, type PublicClient, type Transport, type WalletClient, createPublicClient, createWalletClient, http, parseEventLogs } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { expect } from 'vitest';
import { type ChainName, type SpokeName, chainNames, chains, devnetAccounts, devnetDvnSigners, devnetRoles, spokeNames } from '@tributary/config';
import {
  type Manifest,
  backingLedgerAbi,
  decodePacket,
  dvnNames,
  endpointV2Abi,
  localBridgeHubAbi,
  localSpokeBridgeAbi,
  rateBroadcasterAbi,
  rateReceiverAbi,
  receiveUln302Abi,
  spokePoolAbi,
  trETHAbi,
  trETHOFTAbi,
  viemChain,
} from '@tributary/contracts';
import { type RelayerConfigDocument, devnetServiceKeys } from '@tributary/relayer';
import { type Devnet, startDevnet } from '../../src/index.ts';
import { waitFor } from '../../src/wait.ts';
import { testPorts } from '../ports.ts';
import { CuttableProxy } from './proxy.ts';

export const staker = 5;
export const syncer = 6;
export const relayerAddress = devnetAccounts[devnetRoles.relayer].address;
export const deliveryAddress = devnetAccounts[devnetRoles.lzDelivery].address;
export const dvnSignerAddresses = devnetDvnSigners.map((index) => devnetAccounts[index].address);

export interface FaultNet {
  devnet: Devnet;
  manifest: Manifest;
  dir: string;
  proxies: Record<ChainName, CuttableProxy>;
  pub: Record<ChainName, PublicClient<Transport, Chain>>;
  wallet(chain: ChainName, index: number): WalletClient<Transport, Chain, Account>;
  /** Nonces of the relayer's signers before any relayer ran (`dvns` in devnetDvnSigners order). */
  baseline: Record<ChainName, { relayer: number; delivery: number; dvns: number[] }>;
  stop(): Promise<void>;
}

export async function startFaultNet(): Promise<FaultNet> {
  const dir = mkdtempSync(join(tmpdir(), 'relayer-faults-'));
  // No idle-block clock: these tests count confirmations and hold transactions in the pool, and mine themselves.
  const devnet = await startDevnet({ basePort: testPorts.faultDevnet, manifestPath: join(dir, 'manifest.json'), beaconPort: testPorts.faultBeacon, clock: false });
  const proxies = {} as Record<ChainName, CuttableProxy>;
  const pub = {} as Record<ChainName, PublicClient<Transport, Chain>>;
  const baseline = {} as FaultNet['baseline'];
  for (const [index, name] of chainNames.entries()) {
    const rpcUrl = devnet.manifest.chains[name].rpcUrl;
    proxies[name] = new CuttableProxy(testPorts.faultProxy + index, Number(new URL(rpcUrl).port));
    await proxies[name].open();
    pub[name] = createPublicClient({ chain: viemChain(name, rpcUrl), transport: http(rpcUrl), pollingInterval: 50, cacheTime: 0 });
    const [relayer, delivery, ...dvns] = await Promise.all([
      pub[name].getTransactionCount({ address: relayerAddress }),
      pub[name].getTransactionCount({ address: deliveryAddress }),
      ...dvnSignerAddresses.map((address) => pub[name].getTransactionCount({ address })),
    ]);
    baseline[name] = { relayer: relayer!, delivery: delivery!, dvns };
  }
  return {
    devnet,
    manifest: devnet.manifest,
    dir,
    proxies,
    pub,
    baseline,
    wallet: (chain, index) =>
      createWalletClient({ chain: viemChain(chain, devnet.manifest.chains[chain].rpcUrl), transport: http(), account: privateKeyToAccount(devnetAccounts[index]!.privateKey) }),
    async stop() {
      for (const proxy of Object.values(proxies)) await proxy.cut();
      await devnet.stop();
    },
  };
}

/** An in-process relayer's config document: every chain through its proxy; batches left to the tests unless asked. */
export function relayerDocument(net: FaultNet, database: string, overrides: Partial<RelayerConfigDocument> = {}): RelayerConfigDocument {
  return {
    manifest: net.devnet.manifestPath,
    keys: devnetServiceKeys(),
    duties: { lzDelivery: true, dvn: true, localBridge: true },
    chains: Object.fromEntries(chainNames.map((name) => [name, { rpcUrl: net.proxies[name].url, rpcPollingIntervalMs: 50 }])),
    loopIntervalMs: 100,
    thresholds: { batchMinEth: '1000000', batchMaxAgeSeconds: 1_000_000_000 },
    tx: { retryBaseMs: 300, retryMaxMs: 2_000, stuckAfterMs: 5_000 },
    database,
    ...overrides,
  };
}

async function confirmed(net: FaultNet, chain: ChainName, hash: Hex) {
  const receipt = await net.pub[chain].waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

/** Waits for the spoke to hold the hub's report, so deposits are accepted. */
export async function ratesInStep(net: FaultNet, timeoutMs = 30_000): Promise<void> {
  const hubReport = await net.pub.hub.readContract({ address: net.manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'lastReportTime' });
  for (const spoke of spokeNames) {
    await waitFor(
      `${spoke} to hold the hub's report`,
      async () => (await net.pub[spoke].readContract({ address: net.manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' }))[1] >= hubReport,
      { timeoutMs, intervalMs: 100 },
    );
  }
}

export async function deposit(net: FaultNet, spoke: SpokeName, assets: bigint): Promise<void> {
  const wallet = net.wallet(spoke, staker);
  const pool = { address: net.manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi } as const;
  await confirmed(net, spoke, await wallet.writeContract({ ...pool, functionName: 'deposit', args: [wallet.account.address, 0n], value: assets }));
}

/** Sends the spoke's pending batch (as anyone may); returns its id, amount and block. */
export async function syncBatch(net: FaultNet, spoke: SpokeName): Promise<{ batchId: bigint; amount: bigint; blockNumber: bigint }> {
  const wallet = net.wallet(spoke, syncer);
  const pool = { address: net.manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi } as const;
  const fee = await net.pub[spoke].readContract({ ...pool, functionName: 'quoteSync' });
  const receipt = await confirmed(net, spoke, await wallet.writeContract({ ...pool, functionName: 'sync', value: fee }));
  const [bridged] = parseEventLogs({ abi: localSpokeBridgeAbi, eventName: 'BatchBridged', logs: receipt.logs });
  return { batchId: bridged!.args.batchId, amount: bridged!.args.amount, blockNumber: receipt.blockNumber };
}

export async function batchDeliveries(net: FaultNet, spoke: SpokeName, batchId: bigint): Promise<number> {
  const events = await net.pub.hub.getContractEvents({
    address: net.manifest.chains.hub.contracts.LocalBridgeHub,
    abi: localBridgeHubAbi,
    eventName: 'BatchDelivered',
    args: { srcEid: chains[spoke].eid, batchId },
    fromBlock: 0n,
  });
  return events.length;
}

/** No deposit waits for a batch, every packet ever sent is delivered and every bridged batch paid out. */
export async function everythingDelivered(net: FaultNet): Promise<boolean> {
  for (const spoke of spokeNames) {
    const [shares] = await net.pub[spoke].readContract({ address: net.manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi, functionName: 'pending' });
    if (shares > 0n) return false;
  }
  for (const source of chainNames) {
    const sent = await net.pub[source].getContractEvents({ address: net.manifest.chains[source].contracts.EndpointV2, abi: endpointV2Abi, eventName: 'PacketSent', fromBlock: 0n });
    for (const log of sent) {
      const packet = decodePacket(log.args.encodedPayload as Hex);
      const destination = chainNames.find((name) => chains[name].eid === packet.dstEid)!;
      const lazy = await net.pub[destination].readContract({
        address: net.manifest.chains[destination].contracts.EndpointV2,
        abi: endpointV2Abi,
        functionName: 'lazyInboundNonce',
        args: [packet.receiver, packet.srcEid, packet.sender],
      });
      if (lazy < packet.nonce) return false;
    }
  }
  for (const spoke of spokeNames) {
    const bridged = await net.pub[spoke].getContractEvents({ address: net.manifest.chains[spoke].contracts.BridgeAdapter, abi: localSpokeBridgeAbi, eventName: 'BatchBridged', fromBlock: 0n });
    for (const log of bridged) if ((await batchDeliveries(net, spoke, log.args.batchId!)) === 0) return false;
  }
  return true;
}

async function count(net: FaultNet, chain: ChainName, eventName: 'PacketVerified' | 'PacketDelivered'): Promise<number> {
  return (await net.pub[chain].getContractEvents({ address: net.manifest.chains[chain].contracts.EndpointV2, abi: endpointV2Abi, eventName, fromBlock: 0n })).length;
}

/**
 * What every fault test must leave true, read from the chains: spoke rates equal and current,
 * every batch paid out exactly once with all its ETH, spoke supply backed in the lockbox, and the
 * relayer's signers sent exactly one transaction per thing done (a repeat would cost a nonce).
 */
export async function checkEndState(net: FaultNet, liquidityAdded = 0n): Promise<void> {
  const hub = net.manifest.chains.hub.contracts;
  const hubReport = await net.pub.hub.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'lastReportTime' });
  const spokeRates = await Promise.all(
    spokeNames.map((spoke) => net.pub[spoke].readContract({ address: net.manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' })),
  );
  for (const [rate, updatedAt] of spokeRates) {
    expect(updatedAt).toBe(hubReport);
    expect(rate).toBe(spokeRates[0]![0]);
  }

  let paidOut = 0n;
  let spokeSupply = 0n;
  let batchSyncsByRelayer = Object.fromEntries(spokeNames.map((spoke) => [spoke, 0])) as Record<SpokeName, number>;
  for (const spoke of spokeNames) {
    const contracts = net.manifest.chains[spoke].contracts;
    const bridged = await net.pub[spoke].getContractEvents({ address: contracts.BridgeAdapter, abi: localSpokeBridgeAbi, eventName: 'BatchBridged', fromBlock: 0n });
    let bridgedAssets = 0n;
    for (const log of bridged) {
      expect(await batchDeliveries(net, spoke, log.args.batchId!)).toBe(1);
      bridgedAssets += log.args.amount!;
      const tx = await net.pub[spoke].getTransaction({ hash: log.transactionHash });
      if (tx.from.toLowerCase() === relayerAddress.toLowerCase()) batchSyncsByRelayer = { ...batchSyncsByRelayer, [spoke]: batchSyncsByRelayer[spoke] + 1 };
    }
    const ledger = await net.pub.hub.readContract({ address: hub.BackingLedger, abi: backingLedgerAbi, functionName: 'spoke', args: [chains[spoke].eid] });
    expect(ledger.landedAssets).toBe(bridgedAssets);
    expect(ledger.inTransit).toBe(0n);
    expect(ledger.unbackedShares).toBe(0n);
    expect(ledger.backedShares).toBe(ledger.mintedShares);
    paidOut += bridgedAssets;
    spokeSupply += await net.pub[spoke].readContract({ address: contracts.TrETH, abi: trETHOFTAbi, functionName: 'totalSupply' });
  }
  const lockbox = await net.pub.hub.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [hub.TrETHAdapter] });
  expect(lockbox).toBeGreaterThanOrEqual(spokeSupply);
  const bridgeLiquidity = await net.pub.hub.getBalance({ address: hub.LocalBridgeHub });
  expect(bridgeLiquidity).toBe(1_000n * 10n ** 18n + liquidityAdded - paidOut);

  const broadcasts = await net.pub.hub.getContractEvents({ address: hub.RateBroadcaster, abi: rateBroadcasterAbi, eventName: 'RateBroadcast', fromBlock: 0n });
  const perReport = new Map<string, number>();
  for (const log of broadcasts) perReport.set(`${log.args.dstEid}:${log.args.reportTime}`, (perReport.get(`${log.args.dstEid}:${log.args.reportTime}`) ?? 0) + 1);
  for (const [key, n] of perReport) expect(n, `broadcasts of ${key}`).toBe(1);

  // One transaction per step: every commit, execution and payout; every DVN verification; every broadcast and sync.
  for (const chain of chainNames) {
    const contracts = net.manifest.chains[chain].contracts;
    const verified = await net.pub[chain].getContractEvents({ address: contracts.ReceiveUln302, abi: receiveUln302Abi, eventName: 'PayloadVerified', fromBlock: 0n });
    for (const [position, signer] of dvnSignerAddresses.entries()) {
      const dvn = contracts[dvnNames[position]!];
      const dvnTxs = (await net.pub[chain].getTransactionCount({ address: signer })) - net.baseline[chain].dvns[position]!;
      expect(dvnTxs, `${dvnNames[position]} transactions on ${chain}`).toBe(verified.filter((log) => log.args.dvn?.toLowerCase() === dvn.toLowerCase()).length);
    }
    const deliveryTxs = (await net.pub[chain].getTransactionCount({ address: deliveryAddress })) - net.baseline[chain].delivery;
    const relayerTxs = (await net.pub[chain].getTransactionCount({ address: relayerAddress })) - net.baseline[chain].relayer;
    const payouts = chain === 'hub' ? (await net.pub.hub.getContractEvents({ address: hub.LocalBridgeHub, abi: localBridgeHubAbi, eventName: 'BatchDelivered', fromBlock: 0n })).length : 0;
    expect(deliveryTxs, `delivery transactions on ${chain}`).toBe((await count(net, chain, 'PacketVerified')) + (await count(net, chain, 'PacketDelivered')) + payouts);
    expect(relayerTxs, `relayer transactions on ${chain}`).toBe(chain === 'hub' ? broadcasts.length : batchSyncsByRelayer[chain as SpokeName]);
  }
}

export async function rpc<T>(net: FaultNet, chain: ChainName, method: string, params: unknown[] = []): Promise<T> {
  return (net.pub[chain].request as (args: { method: string; params: unknown[] }) => Promise<T>)({ method, params });
}
