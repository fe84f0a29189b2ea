/**
 * `pnpm dev` as a person runs it: the devnet command comes up, prints its URLs, a deposit made with
 * `cast` on spoke alpha mints trETH there, and Ctrl-C stops everything it started.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccounts, localRpcUrl } from '@tributary/config';
import { addressToBytes32, backingLedgerAbi, spokePoolAbi } from '@tributary/contracts';
import { readManifest } from '@tributary/contracts/node';
import {
  createPublicClient,
  createTestClient,
  encodeAbiParameters,
  http,
  keccak256,
  parseAbiParameters,
  parseEther,
  publicActions,
  toHex,
  walletActions,
} from 'viem';
import { waitFor } from '../src/wait.ts';
import { testPorts } from './ports.ts';

const BASE_PORT = testPorts.cliDevnet;
const METRICS_PORT = testPorts.cliMetrics;
const BEACON_PORT = testPorts.cliBeacon;
const manifestPath = join(mkdtempSync(join(tmpdir(), 'devnet-cli-')), 'local.json');
const cast = fileURLToPath(new URL('../node_modules/.bin/cast', import.meta.url));
const user = devnetAccounts[6];

let devnet: ChildProcess;
let output = '';
let exited: Promise<number | null>;

beforeAll(async () => {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  devnet = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--base-port', String(BASE_PORT), '--metrics-port', String(METRICS_PORT), '--beacon-port', String(BEACON_PORT), '--manifest', manifestPath, '--no-web'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  exited = new Promise((resolve) => devnet.once('exit', (code) => resolve(code)));
  devnet.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  devnet.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Its last line: what comes before it (the funded accounts) may arrive in later pipe chunks
  // than the 'is up' banner.
  await waitFor('the devnet command to come up', () => output.includes('Press Ctrl-C to stop.'), { timeoutMs: 60_000 });
});

afterAll(async () => {
  // SIGTERM, not SIGKILL: the command must get the chance to stop its anvils.
  if (devnet.exitCode === null) {
    devnet.kill('SIGTERM');
    await exited;
  }
});

// A failure here is usually a child process that died: show what the command printed.
afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`devnet command output (last 6000 characters):\n${output.slice(-6000)}\n`);
});

function castCall(rpcUrl: string, address: string, signature: string, ...args: string[]): string {
  return execFileSync(cast, ['call', '--rpc-url', rpcUrl, address, signature, ...args], { encoding: 'utf8' }).trim();
}

describe('the devnet command', () => {
  it('prints the chains, the relayer, the manifest and funded accounts', () => {
    expect(output).toContain(localRpcUrl('alpha', BASE_PORT));
    expect(output).toContain(`http://127.0.0.1:${METRICS_PORT}/healthz`);
    expect(output).toContain(manifestPath);
    expect(output).toContain(user.address);
  });

  it('prints the health of both DVN workers and the executor worker', () => {
    expect(output).toMatch(/DVN1 worker \(signer 0x[0-9a-fA-F]{8}…\)\s+ok, last pass \d+ ms ago/);
    expect(output).toMatch(/DVN2 worker \(signer 0x[0-9a-fA-F]{8}…\)\s+ok, last pass \d+ ms ago/);
    expect(output).toMatch(/Executor worker\s+ok, last pass \d+ ms ago/);
  });

  it('serves the relayer health endpoint', async () => {
    await waitFor('relayer health', async () => (await fetch(`http://127.0.0.1:${METRICS_PORT}/healthz`).catch(() => undefined))?.status === 200);
  });

  it('mints trETH on alpha for a deposit sent with cast', async () => {
    const alpha = readManifest(manifestPath).chains.alpha;
    // The relayer pushes the first rate right after start; deposits refuse until it lands.
    await waitFor('alpha rate', () => castCall(alpha.rpcUrl, alpha.contracts.RateReceiver, 'sequence()(uint64)') !== '0');
    execFileSync(cast, [
      'send', '--rpc-url', alpha.rpcUrl, '--private-key', user.privateKey, '--value', '1ether',
      alpha.contracts.SpokePool, 'deposit(address,uint256)', user.address, '0',
    ]);
    const balance = BigInt(castCall(alpha.rpcUrl, alpha.contracts.TrETH, 'balanceOf(address)(uint256)', user.address).split(' ')[0]!);
    expect(balance).toBeGreaterThan(0n);
    expect(balance).toBeLessThan(10n ** 18n);
  });

  /**
   * A hub that cannot back a spoke's supply must stop that spoke minting. The only way to get
   * there on a healthy devnet is a batch message whose shares its ETH cannot cover: the test
   * delivers one as the hub's endpoint (impersonated) would, and the relayer's backing guard must
   * notice and send the HALT, which the relayer's own LayerZero delivery carries to beta.
   */
  it('halts a spoke whose supply the hub cannot back', async () => {
    const manifest = readManifest(manifestPath);
    const hub = manifest.chains.hub;
    const beta = manifest.chains.beta;
    const client = createTestClient({ mode: 'anvil', transport: http(hub.rpcUrl) }).extend(publicActions).extend(walletActions);
    const endpoint = hub.contracts.EndpointV2;
    await client.impersonateAccount({ address: endpoint });
    await client.setBalance({ address: endpoint, value: parseEther('1') });
    const batch = encodeAbiParameters(parseAbiParameters('uint8, uint64, uint256, uint256, uint256'), [1, 1_000_000n, 1n, parseEther('5'), parseEther('5')]);
    const origin = { srcEid: beta.eid, sender: addressToBytes32(beta.contracts.SpokePool), nonce: 1_000_000n };
    const hash = await client.writeContract({
      account: endpoint,
      chain: null,
      address: hub.contracts.BackingLedger,
      abi: backingLedgerAbi,
      functionName: 'lzReceive',
      args: [origin, keccak256(toHex('unbackable batch')), batch, endpoint, '0x'],
    });
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
    await client.stopImpersonatingAccount({ address: endpoint });
    const { unbackedShares } = await client.readContract({ address: hub.contracts.BackingLedger, abi: backingLedgerAbi, functionName: 'spoke', args: [beta.eid] });
    expect(unbackedShares).toBeGreaterThan(parseEther('1'));

    const betaClient = createPublicClient({ transport: http(beta.rpcUrl) });
    const paused = () => betaClient.readContract({ address: beta.contracts.SpokePool, abi: spokePoolAbi, functionName: 'paused' });
    await waitFor('the relayer to halt beta', paused, { timeoutMs: 30_000 });
    const halts = await betaClient.getContractEvents({ address: beta.contracts.SpokePool, abi: spokePoolAbi, eventName: 'HaltedByHub', fromBlock: 0n });
    expect(halts.at(-1)?.args.unbackedShares).toBeGreaterThan(parseEther('1'));
  });

  it('stops everything it started on Ctrl-C', async () => {
    devnet.kill('SIGINT');
    expect(await exited).toBe(0);
    const answered = await fetch(localRpcUrl('hub', BASE_PORT), { method: 'POST', body: '{}' }).then(() => true, () => false);
    expect(answered).toBe(false);
  });
});
