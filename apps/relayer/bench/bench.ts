/**
 * `pnpm --filter @tributary/relayer bench`: starts its own three-chain devnet and measures
 *  1. throughput: events (PacketSent + BatchBridged) the relayer turns into hub deliveries per
 *     second, for a burst of batches sent from both spokes at once;
 *  2. rate-sync lag: from the hub block that applies an oracle report to the moment both spokes
 *     hold it, in hub blocks and milliseconds.
 * Not a test: it prints numbers. Ports: 23545+ (shift with BENCH_PORT_OFFSET), below the ephemeral range.
 * BENCH_BATCHES (20 per spoke) and BENCH_REPORTS (2) size the two measurements.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type SpokeName, chainNames, chains, devnetAccounts, spokeNames } from '@tributary/config';
import { localBridgeHubAbi, rateReceiverAbi, spokePoolAbi, trETHAbi, viemChain } from '@tributary/contracts';
// The devnet app depends on this package, so the bench reaches it by path rather than as a dependency.
import { portOffsetFromEnv, startDevnet, waitFor } from '../../devnet/src/index.ts';
import { devnetServiceKeys, relayerConfig } from '../src/config.ts';
import { startRelayer } from '../src/relayer.ts';

/** Hub anvil on 23545 (spokes 23546-23547) and the beacon API on 23052. */
const offset = portOffsetFromEnv('BENCH_PORT_OFFSET', 23547);

function positiveIntFromEnv(variable: string, fallback: number): number {
  const raw = process.env[variable] ?? String(fallback);
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${variable} must be a positive integer, got "${raw}"`);
  return value;
}
const BATCHES_PER_SPOKE = positiveIntFromEnv('BENCH_BATCHES', 20);
const REPORTS = positiveIntFromEnv('BENCH_REPORTS', 2);
const say = (line: string) => process.stdout.write(`${line}\n`);

const dir = mkdtempSync(join(tmpdir(), 'relayer-bench-'));
say('starting a devnet for the benchmark...');
const devnet = await startDevnet({ basePort: 23545 + offset, beaconPort: 23052 + offset, manifestPath: join(dir, 'manifest.json') });
const { manifest } = devnet;
const pub = Object.fromEntries(
  chainNames.map((name) => [name, createPublicClient({ chain: viemChain(name, manifest.chains[name].rpcUrl), transport: http(), pollingInterval: 20, cacheTime: 0 })]),
) as Record<(typeof chainNames)[number], ReturnType<typeof createPublicClient>>;
const relayerOptions = relayerConfig({
  manifest: devnet.manifestPath,
  keys: devnetServiceKeys(),
  duties: { lzDelivery: true, dvn: false, localBridge: true, keeper: true, oracle: true, guardian: true },
  beaconUrl: devnet.beaconUrl,
  loopIntervalMs: 50,
  chains: Object.fromEntries(chainNames.map((name) => [name, { rpcPollingIntervalMs: 20 }])),
  // Batches are sent by the bench itself, all at once.
  thresholds: { batchMinEth: '1000000', batchMaxAgeSeconds: 1_000_000_000 },
  database: join(dir, 'bench.sqlite'),
});
let relayer = startRelayer(relayerOptions);

async function spokeReport(spoke: SpokeName): Promise<bigint> {
  return (await pub[spoke].readContract({ address: manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' }))[1];
}
const hubReport = () => pub.hub.readContract({ address: manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'lastReportTime' });

try {
  const initial = await hubReport();
  await waitFor('first rate push', async () => (await Promise.all(spokeNames.map(spokeReport))).every((time) => time >= initial), { timeoutMs: 60_000 });

  // 1. Throughput: the relayer is stopped while every batch is sent, then drains the backlog.
  say(`throughput: ${BATCHES_PER_SPOKE} batches per spoke from both spokes, sent while the relayer is down...`);
  await relayer.stop();
  const batches: { spoke: SpokeName; batchId: bigint }[] = [];
  await Promise.all(
    spokeNames.map(async (spoke, index) => {
      const wallet = createWalletClient({ chain: viemChain(spoke, manifest.chains[spoke].rpcUrl), transport: http(), account: privateKeyToAccount(devnetAccounts[5 + index]!.privateKey) });
      const pool = { address: manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi } as const;
      for (let n = 0; n < BATCHES_PER_SPOKE; n += 1) {
        await pub[spoke].waitForTransactionReceipt({ hash: await wallet.writeContract({ ...pool, functionName: 'deposit', args: [wallet.account.address, 0n], value: parseEther('0.01') }) });
        const fee = await pub[spoke].readContract({ ...pool, functionName: 'quoteSync' });
        await pub[spoke].waitForTransactionReceipt({ hash: await wallet.writeContract({ ...pool, functionName: 'sync', value: fee }) });
        batches.push({ spoke, batchId: await pub[spoke].readContract({ ...pool, functionName: 'lastBatchId' }) });
      }
    }),
  );
  const started = Date.now();
  relayer = startRelayer(relayerOptions);
  const bridge = { address: manifest.chains.hub.contracts.LocalBridgeHub, abi: localBridgeHubAbi } as const;
  await waitFor(
    'every batch delivered',
    async () => {
      for (const batch of batches) if (!(await pub.hub.readContract({ ...bridge, functionName: 'delivered', args: [chains[batch.spoke].eid, batch.batchId] }))) return false;
      return true;
    },
    { timeoutMs: 300_000, intervalMs: 50 },
  );
  const doneAt = Date.now();
  const events = batches.length * 2;
  const txs = batches.length * 3;
  say(`  ${batches.length} batches = ${events} events (PacketSent + BatchBridged) -> ${txs} hub transactions (verify, execute, payout)`);
  say(`  relayer restart to last delivery: ${doneAt - started} ms (includes rescanning all three chains from the checkpoint)`);
  say(`  throughput: ${((events * 1000) / (doneAt - started)).toFixed(1)} events/s, ${((txs * 1000) / (doneAt - started)).toFixed(1)} relayer tx/s`);

  // 2. Rate-sync lag, per oracle report.
  for (let n = 0; n < REPORTS; n += 1) {
    const before = await hubReport();
    say(`rate sync: waiting for oracle report ${n + 1}/${REPORTS} (a frame is ~12 s on the devnet)...`);
    let reportBlock = 0n;
    let reportSeenAt = 0;
    await waitFor(
      'a new hub report',
      async () => {
        if ((await hubReport()) === before) return false;
        reportSeenAt = Date.now();
        reportBlock = await pub.hub.getBlockNumber();
        return true;
      },
      { timeoutMs: 120_000, intervalMs: 10 },
    );
    const report = await hubReport();
    const landed: Record<string, { ms: number; hubBlocks: bigint }> = {};
    await waitFor(
      'both spokes to hold the report',
      async () => {
        for (const spoke of spokeNames) {
          if (landed[spoke] || (await spokeReport(spoke)) < report) continue;
          landed[spoke] = { ms: Date.now() - reportSeenAt, hubBlocks: (await pub.hub.getBlockNumber()) - reportBlock };
        }
        return Object.keys(landed).length === spokeNames.length;
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    for (const spoke of spokeNames) say(`  report ${n + 1}: ${spoke} updated ${landed[spoke]!.ms} ms and ${landed[spoke]!.hubBlocks} hub blocks after the hub applied it`);
  }
  const metrics = await relayer.status.metrics.registry.getMetricsAsJSON();
  const gas = metrics.find((metric) => metric.name === 'tributary_relayer_tx_gas_used_total');
  say(`gas used per duty: ${JSON.stringify(gas?.values.map((value) => ({ ...value.labels, gas: value.value })))}`);
} finally {
  await relayer.stop();
  await devnet.stop();
}

