/**
 * The relayer under faults, on its own three-chain devnet: killed mid-duty, a chain's RPC cut, a
 * chain reorganized, a reverting payout, a second relayer with no checkpoints. Each test ends by
 * checking the chains: rates in step, every batch paid once with all its ETH, supply backed, and
 * exactly one relayer transaction per thing done.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Hex, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chains, devnetAccounts, devnetDvnSigners, devnetOracleMembers, devnetRoles } from '@tributary/config';
import { CheckpointStore, type Relayer, RelayerMetrics, Signer, chainClients, defaultTxOptions, devnetServiceKeys, eventScanner, relayerConfig, serveStatus, silentLogger, startRelayer } from '@tributary/relayer';
import { localSpokeBridgeAbi, rateBroadcasterAbi, rateReceiverAbi, trETHAbi } from '@tributary/contracts';
import { waitFor } from '../src/wait.ts';
import { type FaultNet, batchDeliveries, checkEndState, deposit, everythingDelivered, ratesInStep, relayerDocument, rpc, startFaultNet, syncBatch } from './faults/harness.ts';
import { testPorts } from './ports.ts';

const SETTLE = { timeoutMs: 60_000, intervalMs: 100 };
let net: FaultNet;
const running: Relayer[] = [];

function start(database: string, overrides: Parameters<typeof relayerDocument>[2] = {}): Relayer {
  const relayer = startRelayer(relayerConfig(relayerDocument(net, join(net.dir, database), overrides)));
  running.push(relayer);
  return relayer;
}

async function stopAll(): Promise<void> {
  for (const relayer of running.splice(0)) await relayer.stop();
}

async function metric(relayer: Relayer, name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = (await relayer.status.metrics.registry.getSingleMetric(name)?.get())?.values.filter((value) =>
    Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted),
  );
  return (found ?? []).reduce((sum, value) => sum + value.value, 0);
}

beforeAll(async () => {
  net = await startFaultNet();
}, 180_000);

// A failed test must not leave its relayer running into the next one.
afterEach(stopAll);

afterAll(async () => {
  await stopAll();
  await net?.stop();
});

describe('relayer faults on real anvil chains', { timeout: 180_000 }, () => {
  it('resumes from its checkpoint after SIGKILL mid-duty without doing anything twice, and stops cleanly on SIGTERM', async () => {
    const configPath = join(net.dir, 'kill.relayer.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        manifest: net.devnet.manifestPath,
        chains: relayerDocument(net, '').chains,
        keys: devnetServiceKeys(),
        duties: { lzDelivery: true, dvn: true, localBridge: true, ratePush: true, batchSync: true, backingGuard: true },
        thresholds: { batchMinEth: '0.5', batchMaxAgeSeconds: 1 },
        loopIntervalMs: 100,
        statusPort: testPorts.faultStatus,
        database: join(net.dir, 'kill.sqlite'),
        logLevel: 'warn',
      }),
    );
    const cli = fileURLToPath(new URL('../../relayer/src/cli.ts', import.meta.url));
    const launch = () => spawn(process.execPath, ['--import', 'tsx', cli, '--config', configPath], { stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    const sentSoFar = async () => {
      const body = await (await fetch(`http://127.0.0.1:${testPorts.faultStatus}/metrics`)).text();
      return [...body.matchAll(/^tributary_relayer_tx_sent_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    };

    let child = launch();
    await ratesInStep(net, 60_000);
    for (let round = 0; round < 4; round += 1) {
      await deposit(net, 'alpha', parseEther('0.6'));
      await deposit(net, 'beta', parseEther('0.7'));
      // Kill as soon as this process has broadcast something: mid-duty, usually before the receipt.
      await waitFor('the relayer to send a transaction', async () => ((await sentSoFar().catch(() => 0)) ?? 0) > 0, SETTLE);
      child.kill('SIGKILL');
      await exited(child);
      child = launch();
    }
    await waitFor('every packet and batch to be delivered', () => everythingDelivered(net), SETTLE);
    await ratesInStep(net);
    // SIGTERM once this process is serving (its signal handlers are installed by then).
    await waitFor('the last relayer process to serve /healthz', async () => (await fetch(`http://127.0.0.1:${testPorts.faultStatus}/healthz`).catch(() => undefined))?.status === 200, SETTLE);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await checkEndState(net);
  });

  it('keeps serving the other chains while one RPC is down, reports it, and catches up when it returns', async () => {
    const relayer = start('outage.sqlite');
    await ratesInStep(net);
    const server = await serveStatus(relayer.status, testPorts.faultStatus, 30_000);
    try {
      const url = `http://127.0.0.1:${testPorts.faultStatus}`;
      await waitFor('ready with every chain up', async () => (await fetch(`${url}/readyz`)).status === 200, SETTLE);
      await net.proxies.alpha.cut();
      await waitFor('not ready while alpha is unreachable', async () => (await fetch(`${url}/readyz`)).status === 503);
      const readiness = (await (await fetch(`${url}/readyz`)).json()) as { chains: Record<string, { ok: boolean }> };
      expect(readiness.chains).toMatchObject({ hub: { ok: true }, alpha: { ok: false }, beta: { ok: true } });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      await deposit(net, 'alpha', parseEther('0.2'));
      const alphaBatch = await syncBatch(net, 'alpha');
      await deposit(net, 'beta', parseEther('0.3'));
      const betaBatch = await syncBatch(net, 'beta');
      await waitFor('beta batch paid out while alpha is down', async () => (await batchDeliveries(net, 'beta', betaBatch.batchId)) === 1, SETTLE);
      expect(await batchDeliveries(net, 'alpha', alphaBatch.batchId)).toBe(0);
      expect(await metric(relayer, 'tributary_relayer_rpc_errors_total', { chain: 'alpha', kind: 'transport' })).toBeGreaterThan(0);
      expect(await metric(relayer, 'tributary_relayer_rpc_errors_total', { chain: 'beta' })).toBe(0);

      await net.proxies.alpha.open();
      await waitFor('alpha batch paid out once alpha is back', async () => (await batchDeliveries(net, 'alpha', alphaBatch.batchId)) === 1, SETTLE);
      await waitFor('ready again', async () => (await fetch(`${url}/readyz`)).status === 200);
      await waitFor('every packet delivered', () => everythingDelivered(net), SETTLE);
      const series = [
        'rate_lag_seconds{spoke="alpha"} 0',
        'rate_lag_blocks{spoke="alpha"} 0',
        'rate_lag_blocks{spoke="beta"} 0',
        'spoke_pending_shares{spoke="alpha"}',
        'spoke_pending_assets_eth{spoke="beta"}',
        'hub_in_transit_eth',
        'duty_last_success_timestamp_seconds{duty="local-bridge"}',
        'duty_last_action_timestamp_seconds{duty="local-bridge"}',
        'tx_gas_used_total{duty="local-bridge",chain="hub"}',
        'tx_gas_used_total{duty="lz-executor",chain="hub"}',
      ].map((line) => `tributary_relayer_${line}`);
      // The monitor runs last in a pass: wait for a pass that reached alpha again.
      await waitFor('every series in /metrics', async () => {
        const body = await (await fetch(`${url}/metrics`)).text();
        return series.every((line) => body.includes(line));
      }, SETTLE);
    } finally {
      server.close();
      await stopAll();
    }
    await checkEndState(net);
  });

  it('waits for confirmations and drops a batch a reorg removed, then relays the one on the new branch once', async () => {
    // The test sends alpha's batches itself. The relayer's batch duty would race it for the one after
    // the reorg: that batch reuses the doomed one's id, whose first-seen time (the duty's age clock)
    // predates the reorg, so the duty may send it at once and leave the test nothing to sync.
    const relayer = start('reorg.sqlite', {
      duties: { ...relayerDocument(net, '').duties, batchSync: false },
      chains: { ...relayerDocument(net, '').chains, alpha: { rpcUrl: net.proxies.alpha.url, rpcPollingIntervalMs: 50, confirmations: 3 } },
    });
    await ratesInStep(net);
    await waitFor('the relayer to catch up', () => everythingDelivered(net), SETTLE);
    const snapshot = await rpc<Hex>(net, 'alpha', 'evm_snapshot');
    await deposit(net, 'alpha', parseEther('0.4'));
    const doomed = await syncBatch(net, 'alpha');
    // Two blocks on top: still one short of three confirmations.
    await rpc(net, 'alpha', 'anvil_mine', ['0x2']);
    const scope = 'local-bridge:alpha';
    // Head is the sync block + 2, so the confirmed head is the block before the sync.
    await waitFor('the relayer to scan alpha up to its confirmed head', () => (relayer.store.cursor(scope)?.next ?? 0n) >= doomed.blockNumber, SETTLE);
    expect(relayer.store.cursor(scope)?.next).toBe(doomed.blockNumber);
    // Older events may still be settling; none at or after the unconfirmed sync may be recorded.
    expect(relayer.store.openEvents('local-bridge').filter((event) => event.chain === 'alpha' && event.blockNumber >= doomed.blockNumber)).toHaveLength(0);

    expect(await rpc<boolean>(net, 'alpha', 'evm_revert', [snapshot])).toBe(true);
    await rpc(net, 'alpha', 'anvil_mine', ['0x8']);
    await waitFor('the relayer to notice the reorg', async () => (await metric(relayer, 'tributary_relayer_reorgs_detected_total', { chain: 'alpha' })) > 0, SETTLE);
    expect(await batchDeliveries(net, 'alpha', doomed.batchId)).toBe(0);

    await deposit(net, 'alpha', parseEther('0.25'));
    const reborn = await syncBatch(net, 'alpha');
    expect(reborn.batchId).toBe(doomed.batchId);
    await rpc(net, 'alpha', 'anvil_mine', ['0x3']);
    await waitFor('the new branch batch paid out', async () => (await batchDeliveries(net, 'alpha', reborn.batchId)) === 1, SETTLE);
    await waitFor('every packet delivered', () => everythingDelivered(net), SETTLE);
    await stopAll();
    await checkEndState(net);
  });

  it('re-checks an event against the chain before acting and drops one whose log was reorged out', async () => {
    start('recheck.sqlite');
    await ratesInStep(net);
    await stopAll();
    const clients = chainClients(net.manifest, { alpha: { confirmations: 0, rpcPollingIntervalMs: 50 } });
    const store = new CheckpointStore(':memory:');
    const ctx = { store, metrics: new RelayerMetrics(), log: silentLogger, tx: defaultTxOptions };
    const scanner = eventScanner(ctx, 'local-bridge', clients.alpha, net.manifest.chains.alpha.contracts.BridgeAdapter, localSpokeBridgeAbi, 'BatchBridged');
    const snapshot = await rpc<Hex>(net, 'alpha', 'evm_snapshot');
    await deposit(net, 'alpha', parseEther('0.1'));
    const batch = await syncBatch(net, 'alpha');
    await scanner.scan();
    const event = store.openEvents('local-bridge').find((candidate) => candidate.blockNumber === batch.blockNumber);
    expect(event).toBeDefined();
    expect((await scanner.recheck(event!)).status).toBe('ok');
    await rpc(net, 'alpha', 'evm_revert', [snapshot]);
    expect((await scanner.recheck(event!)).status).toBe('reorged');
    store.close();
  });

  it('backs off on a reverting payout instead of looping hot, and pays once the bridge has liquidity', async () => {
    const hubBridge = net.manifest.chains.hub.contracts.LocalBridgeHub;
    const liquidity = await net.pub.hub.getBalance({ address: hubBridge });
    await rpc(net, 'hub', 'anvil_setBalance', [hubBridge, '0x0']);
    const relayer = start('revert.sqlite');
    await ratesInStep(net);
    await deposit(net, 'alpha', parseEther('0.15'));
    const batch = await syncBatch(net, 'alpha');

    const failures = () => metric(relayer, 'tributary_relayer_action_failures_total', { duty: 'local-bridge' });
    try {
      let seen = 0;
      await waitFor('a failed payout', async () => (seen = await failures()) >= 1, { ...SETTLE, intervalMs: 10 });
      const seenAt = Date.now();
      await waitFor('two more attempts', async () => (await failures()) >= seen + 2, SETTLE);
      // Attempts seen+1 and seen+2 wait 300·2^(seen−1) and twice that: a hot loop (100 ms passes) would be far faster.
      const backoff = 300 * 2 ** (seen - 1);
      expect(Date.now() - seenAt).toBeGreaterThanOrEqual(backoff * 3 - 50);
      // The gauge is taken at the end of each pass; the pass that just failed has not ended yet.
      await waitFor('the backoff gauge', async () => (await metric(relayer, 'tributary_relayer_actions_backing_off', { duty: 'local-bridge' })) === 1, { timeoutMs: 5_000, intervalMs: 10 });
      // The revert is caught in simulation: the payout never sent a transaction, no gas spent.
      expect(relayer.store.txsOfAction(`bridge:alpha:${batch.batchId}`)).toHaveLength(0);
      expect(relayer.store.action(`bridge:alpha:${batch.batchId}`)?.lastError).toContain('LocalBridgeHub_InsufficientLiquidity');
    } finally {
      await rpc(net, 'hub', 'anvil_setBalance', [hubBridge, `0x${liquidity.toString(16)}`]);
    }
    await waitFor('the payout once liquidity is back', async () => (await batchDeliveries(net, 'alpha', batch.batchId)) === 1, SETTLE);
    await waitFor('every packet delivered', () => everythingDelivered(net), SETTLE);
    await stopAll();
    await checkEndState(net);
  });

  it('detects work already done on chain: a relayer with empty checkpoints sends nothing', async () => {
    const nonces = async () =>
      Promise.all(
        (['hub', 'alpha', 'beta'] as const).flatMap((chain) =>
          [devnetRoles.relayer, devnetRoles.lzDelivery, ...devnetDvnSigners].map((role) => net.pub[chain].getTransactionCount({ address: devnetAccounts[role].address })),
        ),
      );
    // The executor and both DVN workers: each finds every packet already handled on chain.
    const lzDuties = ['lz-executor', ...devnetDvnSigners.map((index) => `dvn:${devnetAccounts[index].address}`)];
    const before = await nonces();
    const relayer = start('fresh.sqlite');
    await waitFor('every old event settled', async () => {
      const lz = lzDuties.map((duty) => relayer.store.outcomes(duty));
      const bridge = relayer.store.outcomes('local-bridge');
      return lz.every((outcomes) => (outcomes['already-done'] ?? 0) > 0 && !outcomes.open) && (bridge['already-done'] ?? 0) > 0 && !bridge.open;
    }, SETTLE);
    for (const duty of lzDuties) expect(relayer.store.outcomes(duty)).not.toHaveProperty('done');
    expect(relayer.store.outcomes('local-bridge')).not.toHaveProperty('done');
    expect(await nonces()).toEqual(before);
    await stopAll();
    await checkEndState(net);
  });

  it('gives concurrent sends consecutive nonces and replaces a stuck transaction with a higher fee', async () => {
    const clients = chainClients(net.manifest, { beta: { rpcPollingIntervalMs: 50 } });
    const store = new CheckpointStore(':memory:');
    const metrics = new RelayerMetrics();
    const signer = new Signer(clients.beta, privateKeyToAccount(devnetAccounts[7]!.privateKey), {
      store,
      metrics,
      log: silentLogger,
      tx: { ...defaultTxOptions, stuckAfterMs: 400 },
    });
    const to = devnetAccounts[8]!.address;
    const first = await net.pub.beta.getTransactionCount({ address: signer.address });
    const receipts = await Promise.all(Array.from({ length: 12 }, (_, index) => signer.send(`concurrent:${index}`, 'test', { to, data: '0x', value: 1n, gas: 21_000n })));
    expect(receipts.every((receipt) => receipt.status === 'success')).toBe(true);
    const used = await Promise.all(receipts.map(async (receipt) => (await net.pub.beta.getTransaction({ hash: receipt.transactionHash })).nonce));
    expect([...used].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => first + index));

    await rpc(net, 'beta', 'evm_setAutomine', [false]);
    try {
      const pending = signer.send('stuck', 'test', { to, data: '0x', value: 2n, gas: 21_000n });
      await waitFor('a replacement', async () => ((await metrics.txReplaced.get()).values[0]?.value ?? 0) >= 1);
      await rpc(net, 'beta', 'evm_mine');
      const receipt = await pending;
      const sent = store.txsOfAction('stuck');
      expect(sent.length).toBeGreaterThanOrEqual(2);
      expect(new Set(sent.map((row) => row.nonce)).size).toBe(1);
      expect(receipt.transactionHash).not.toBe(sent[0]!.hash);
      expect(sent.map((row) => row.hash)).toContain(receipt.transactionHash);
      const mined = await net.pub.beta.getTransaction({ hash: receipt.transactionHash });
      expect(mined.maxFeePerGas).toBeGreaterThan(sent[0]!.maxFeePerGas);
      expect(await net.pub.beta.getTransactionCount({ address: signer.address })).toBe(first + 13);
    } finally {
      await rpc(net, 'beta', 'evm_setAutomine', [true]);
      store.close();
    }
  });

  it('after a crash re-broadcasts the checkpointed bytes of a transaction the node lost: same hash, mined once', async () => {
    const clients = chainClients(net.manifest, { beta: { rpcPollingIntervalMs: 50 } });
    const database = join(net.dir, 'crash-signer.sqlite');
    const account = privateKeyToAccount(devnetAccounts[7]!.privateKey);
    const context = (store: CheckpointStore) => ({ store, metrics: new RelayerMetrics(), log: silentLogger, tx: defaultTxOptions });
    const to = devnetAccounts[8]!.address;
    const nonce = await net.pub.beta.getTransactionCount({ address: account.address });

    await rpc(net, 'beta', 'evm_setAutomine', [false]);
    try {
      const before = new CheckpointStore(database);
      // The first process sends and "dies" before the block: the receipt wait is abandoned and the node forgets the transaction.
      void new Signer(clients.beta, account, context(before)).send('crash', 'test', { to, data: '0x', value: 3n, gas: 21_000n }).catch(() => undefined);
      const inPool = async (hash: Hex) => (await net.pub.beta.getTransaction({ hash }).catch(() => undefined)) !== undefined;
      await waitFor('the transaction checkpointed and in the pool', async () => before.txsOfAction('crash').length === 1 && (await inPool(before.txsOfAction('crash')[0]!.hash)));
      const [signed] = before.txsOfAction('crash');
      await rpc(net, 'beta', 'anvil_dropTransaction', [signed!.hash]);
      expect(await inPool(signed!.hash)).toBe(false);
      before.close();

      const after = new CheckpointStore(database);
      const resumed = new Signer(clients.beta, account, context(after)).resume('crash', 'test');
      await waitFor('the same bytes back in the pool', () => inPool(signed!.hash));
      await rpc(net, 'beta', 'evm_mine');
      const receipt = await resumed;
      expect(receipt?.transactionHash).toBe(signed!.hash);
      expect(await net.pub.beta.getTransactionCount({ address: account.address })).toBe(nonce + 1);
      after.close();
    } finally {
      await rpc(net, 'beta', 'evm_setAutomine', [true]);
    }
  });

  it('reports rate lag in seconds and blocks for a spoke that cannot receive a new report, and clears it once pushed', async () => {
    const hubReport = () => net.pub.hub.readContract({ address: net.manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'lastReportTime' });
    const before = await hubReport();
    const relayer = start('lag.sqlite', {
      beaconUrl: net.devnet.beaconUrl,
      duties: { ...relayerDocument(net, '').duties, oracle: true },
    });
    await ratesInStep(net);
    await waitFor('the monitor to read both spokes', async () => (await relayer.status.metrics.rateLagSeconds.get()).values.length === 2, SETTLE);
    await net.proxies.beta.cut();
    try {
      // The oracle's frame clock is hub chain time: keep the idle hub mining while waiting for a report.
      await waitFor('a new oracle report on the hub', async () => {
        await rpc(net, 'hub', 'anvil_mine', ['0x1']);
        return (await hubReport()) > before;
      }, { timeoutMs: 90_000, intervalMs: 500 });
      await waitFor('alpha in step, beta lagging in seconds and blocks', async () => {
        await rpc(net, 'hub', 'anvil_mine', ['0x1']);
        return (
          (await metric(relayer, 'tributary_relayer_rate_lag_seconds', { spoke: 'beta' })) > 0 &&
          (await metric(relayer, 'tributary_relayer_rate_lag_blocks', { spoke: 'beta' })) >= 1 &&
          (await metric(relayer, 'tributary_relayer_rate_lag_seconds', { spoke: 'alpha' })) === 0
        );
      }, { ...SETTLE, intervalMs: 200 });
    } finally {
      await net.proxies.beta.open();
    }
    await ratesInStep(net);
    await waitFor('beta lag cleared', async () => (await metric(relayer, 'tributary_relayer_rate_lag_seconds', { spoke: 'beta' })) === 0, SETTLE);
    await waitFor('every packet delivered', () => everythingDelivered(net), SETTLE);
    await stopAll();
    await checkEndState(net);
  });

  // Last: a heartbeat re-sends a report on purpose, which the one-broadcast-per-report check above forbids.
  it('re-broadcasts on the heartbeat to a spoke whose rate has grown old, without changing it', async () => {
    const broadcasts = async () =>
      (await net.pub.hub.getContractEvents({ address: net.manifest.chains.hub.contracts.RateBroadcaster, abi: rateBroadcasterAbi, eventName: 'RateBroadcast', fromBlock: 0n }))
        .filter((log) => log.args.dstEid === chains.alpha.eid).length;
    const before = await broadcasts();
    const [rateBefore] = await net.pub.alpha.readContract({ address: net.manifest.chains.alpha.contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' });
    start('heartbeat.sqlite', { thresholds: { ...relayerDocument(net, '').thresholds, rateHeartbeatSeconds: 1 } });
    await waitFor('two heartbeat broadcasts to alpha', async () => (await broadcasts()) >= before + 2, SETTLE);
    await waitFor('every packet delivered', () => everythingDelivered(net), SETTLE);
    await stopAll();
    const [rateAfter, updatedAt] = await net.pub.alpha.readContract({ address: net.manifest.chains.alpha.contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' });
    expect(rateAfter).toBe(rateBefore);
    expect(updatedAt).toBe(await net.pub.hub.readContract({ address: net.manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'lastReportTime' }));
  });
});
