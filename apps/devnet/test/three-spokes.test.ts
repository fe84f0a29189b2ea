/**
 * A third spoke from one environment setting: `TRIBUTARY_SPOKES=alpha,beta,gamma pnpm dev` starts
 * gamma beside alpha and beta (gamma is a registry entry in @tributary/config, nothing else names
 * it), deploys and wires it like the others, and its relayer serves it. On all three spokes the
 * hub's rate arrives, a deposit mints trETH, and trETH bridges on to the next spoke.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Account, type Chain, type Hex, type PublicClient, type Transport, type WalletClient, createPublicClient, createWalletClient, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChainName, type SpokeName, chains, devnetAccounts, localRpcUrl, selectSpokes } from '@tributary/config';
import { type Manifest, addressToBytes32, manifestChainNames, rateReceiverAbi, spokePoolAbi, trETHAbi, trETHOFTAbi, viemChain } from '@tributary/contracts';
import { readManifest } from '@tributary/contracts/node';
import { waitFor } from '../src/wait.ts';
import { testPorts } from './ports.ts';

const SPOKES = 'alpha,beta,gamma';
const spokes = selectSpokes(SPOKES);
const manifestPath = join(mkdtempSync(join(tmpdir(), 'devnet-spokes-')), 'local.json');
const user = 5;
const SETTLE = { timeoutMs: 90_000, intervalMs: 200 };

let devnet: ChildProcess;
let exited: Promise<number | null>;
let output = '';
let manifest: Manifest;
const pub = {} as Record<ChainName, PublicClient<Transport, Chain>>;
const wallet = {} as Record<ChainName, WalletClient<Transport, Chain, Account>>;

beforeAll(async () => {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  const ports = ['--base-port', String(testPorts.spokesDevnet), '--metrics-port', String(testPorts.spokesMetrics), '--beacon-port', String(testPorts.spokesBeacon)];
  devnet = spawn(process.execPath, ['--import', 'tsx', cli, ...ports, '--manifest', manifestPath, '--no-web'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRIBUTARY_SPOKES: SPOKES },
  });
  exited = new Promise((resolve) => devnet.once('exit', (code) => resolve(code)));
  devnet.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  devnet.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor('the devnet command to come up with three spokes', () => {
    if (devnet.exitCode !== null) throw new Error(`the devnet command exited with ${devnet.exitCode}:\n${output.slice(-4000)}`);
    return output.includes('Press Ctrl-C to stop.');
  }, { timeoutMs: 240_000, intervalMs: 200 });
  // This process runs the default spokes; a manifest with a further registry spoke still parses.
  manifest = readManifest(manifestPath);
  for (const name of manifestChainNames(manifest)) {
    const chain = viemChain(name, manifest.chains[name].rpcUrl);
    pub[name] = createPublicClient({ chain, transport: http(), pollingInterval: 50, cacheTime: 0 });
    wallet[name] = createWalletClient({ chain, transport: http(), account: privateKeyToAccount(devnetAccounts[user].privateKey) });
  }
}, 300_000);

afterAll(async () => {
  // SIGTERM: the command stops its anvils, relayer and simulator itself.
  if (devnet && devnet.exitCode === null) {
    devnet.kill('SIGTERM');
    await exited;
  }
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`devnet command output (last 6000 characters):\n${output.slice(-6000)}\n`);
});

async function confirmed(chain: ChainName, hash: Hex) {
  const receipt = await pub[chain].waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

const token = (spoke: SpokeName) => ({ address: manifest.chains[spoke].contracts.TrETH, abi: trETHOFTAbi }) as const;
const balanceOn = (spoke: SpokeName) => pub[spoke].readContract({ ...token(spoke), functionName: 'balanceOf', args: [devnetAccounts[user].address] });

describe('a third spoke from TRIBUTARY_SPOKES', { timeout: 120_000 }, () => {
  it('runs gamma on its registry chain id and port, deployed into the manifest with the other spokes', async () => {
    expect(spokes).toEqual(['alpha', 'beta', 'gamma']);
    expect(manifestChainNames(manifest)).toEqual(['hub', 'alpha', 'beta', 'gamma']);
    expect(manifest.chains.gamma).toMatchObject({ role: 'spoke', chainId: chains.gamma.chainId, eid: chains.gamma.eid, rpcUrl: localRpcUrl('gamma', testPorts.spokesDevnet) });
    expect(await pub.gamma.getChainId()).toBe(chains.gamma.chainId);
    expect(output).toContain(`${chains.gamma.label}`);
  });

  it('syncs the hub\'s rate to all three spokes', async () => {
    const hub = { address: manifest.chains.hub.contracts.TrETH, abi: trETHAbi } as const;
    for (const spoke of spokes) {
      await waitFor(`the hub's rate on ${spoke}`, async () => {
        const [[rate, updatedAt], hubRate, reportTime] = await Promise.all([
          pub[spoke].readContract({ address: manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' }),
          pub.hub.readContract({ ...hub, functionName: 'getRate' }),
          pub.hub.readContract({ ...hub, functionName: 'lastReportTime' }),
        ]);
        // Compared on every poll: a report may land on the hub while we wait.
        return updatedAt > 0n && updatedAt === reportTime && rate === hubRate;
      }, SETTLE);
    }
  });

  it('mints trETH for a deposit on every spoke, as quoted', async () => {
    const assets = parseEther('2');
    for (const spoke of spokes) {
      const pool = { address: manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi } as const;
      const [quoted] = await pub[spoke].readContract({ ...pool, functionName: 'quoteDeposit', args: [assets] });
      const before = await balanceOn(spoke);
      const receipt = await confirmed(spoke, await wallet[spoke].writeContract({ ...pool, functionName: 'deposit', args: [devnetAccounts[user].address, (quoted * 99n) / 100n], value: assets }));
      // One transaction per block: the quote for the state the deposit ran on.
      const [shares] = await pub[spoke].readContract({ ...pool, functionName: 'quoteDeposit', args: [assets], blockNumber: receipt.blockNumber - 1n });
      expect(shares).toBeGreaterThan(0n);
      expect((await balanceOn(spoke)) - before).toBe(shares);
    }
  });

  it('bridges trETH from each spoke to the next, gamma included both ways', async () => {
    const amount = parseEther('0.5');
    const to = addressToBytes32(devnetAccounts[user].address);
    for (const [index, from] of spokes.entries()) {
      const next = spokes[(index + 1) % spokes.length]!;
      const sendParam = { dstEid: chains[next].eid, to, amountLD: amount, minAmountLD: amount, extraOptions: '0x', composeMsg: '0x', oftCmd: '0x' } as const;
      const fee = await pub[from].readContract({ ...token(from), functionName: 'quoteSend', args: [sendParam, false] });
      const arrivedBefore = await balanceOn(next);
      const leftBefore = await balanceOn(from);
      await confirmed(from, await wallet[from].writeContract({ ...token(from), functionName: 'send', args: [sendParam, fee, devnetAccounts[user].address], value: fee.nativeFee }));
      expect(leftBefore - (await balanceOn(from))).toBe(amount);
      await waitFor(`the trETH sent from ${from} to arrive on ${next}`, async () => (await balanceOn(next)) === arrivedBefore + amount, SETTLE);
    }
  });
});
