/**
 * The web app's error states in Chromium: a wallet on another network, a stale rate, an account
 * without funds. (A rejected signature is covered in browser.test.ts.)
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Address, createPublicClient, createWalletClient, http, parseEther, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { chains, devnetAccounts } from '@tributary/config';
import { spokePoolAbi, trETHOFTAbi, viemChain } from '@tributary/contracts';
import { startAnvil } from '@tributary/contracts/node';
import { type WebApp, startWebApp } from '../src/web.ts';
import { launchChromium, recordFailure, screenshot, testWalletScript } from './browser-helpers.ts';
import { testDevnet } from './clients.ts';
import { testPorts } from './ports.ts';

/** This file's own account (anvil unlocks it, so the test wallet can send for it). */
const user = 19;
const userAddress: Address = devnetAccounts[user].address;

const { manifest, chains: net } = testDevnet();
const rpcUrls: Record<number, string> = Object.fromEntries(Object.values(manifest.chains).map((chain) => [chain.chainId, chain.rpcUrl]));

let web: WebApp;
let browser: Browser;

beforeAll(async () => {
  [web, browser] = await Promise.all([startWebApp({ port: testPorts.webErrors, manifestPath: inject('manifestPath') }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

/** A fresh browser profile whose EIP-6963 test wallet holds `account`, starting on `startChainId`. */
async function walletPage(account: Address, startChainId: number): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: testWalletScript({ rpcUrls, account, startChainId }) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

async function connectTestWallet(page: Page, account: Address): Promise<void> {
  await page.getByRole('button', { name: 'Tributary Test Wallet' }).click();
  await expect.poll(() => page.getByTestId('connected-address').getAttribute('title'), { timeout: 10_000 }).toBe(account);
}

/** Runs `body` on a page and leaves a screenshot and the page text if it fails. */
async function withPage(name: string, context: BrowserContext, page: Page, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await recordFailure(page, name);
    throw error;
  } finally {
    await context.close();
  }
}

describe('web app error states, in Chromium', () => {
  it('offers to switch a wallet on an unsupported network, switches it, and stakes', async () => {
    const { context, page, errors } = await walletPage(userAddress, 1);
    await withPage('error-wrong-network', context, page, async () => {
      await page.goto(web.url);
      await connectTestWallet(page, userAddress);
      await expect.poll(() => page.getByRole('region', { name: 'Wallet' }).textContent()).toContain('Unsupported network (chain id 1)');
      await page.getByRole('radio', { name: /Alpha L2/ }).check();
      await page.getByLabel('Amount (ETH)').fill('0.02');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Your wallet is on' }).textContent()).toContain('chain id 1');
      const before = await net.alpha.public.readContract({ address: manifest.chains.alpha.contracts.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [userAddress] });
      await screenshot(page, 'error-wrong-network');

      await page.getByRole('button', { name: 'Switch to Alpha L2 and stake' }).click();
      await page.getByTestId('stake-success').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByRole('region', { name: 'Wallet' }).textContent()).toContain('Alpha L2');
      expect(await page.getByTestId('stake-progress').textContent()).toContain('Switch wallet to Alpha L2');
      expect(await net.alpha.public.readContract({ address: manifest.chains.alpha.contracts.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [userAddress] })).toBeGreaterThan(before);
      expect(errors).toEqual([]);
    });
  });

  it('refuses amounts an account without ETH or trETH cannot pay, on stake, bridge and withdraw', async () => {
    // A fresh key nobody else uses, given a little ETH on alpha and nothing elsewhere.
    const poor = privateKeyToAccount(generatePrivateKey()).address;
    await net.alpha.public.request({ method: 'anvil_setBalance', params: [poor, `0x${parseEther('0.001').toString(16)}`] } as never);
    const { context, page, errors } = await walletPage(poor, chains.alpha.chainId);
    await withPage('error-insufficient-funds', context, page, async () => {
      await page.goto(web.url);
      await connectTestWallet(page, poor);
      await page.getByRole('radio', { name: /Alpha L2/ }).check();
      await page.getByLabel('Amount (ETH)').fill('0.5');
      await page.getByRole('button', { name: 'Not enough ETH on Alpha L2' }).waitFor();
      expect(await page.getByText('You have 0.001 ETH on Alpha L2.').count()).toBe(1);
      expect(await page.getByLabel('Amount (ETH)').getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'error-insufficient-eth');

      await page.getByRole('link', { name: 'Bridge' }).click();
      await page.getByLabel('Amount (trETH)').fill('1');
      await page.getByRole('button', { name: 'Not enough trETH on Alpha L2' }).waitFor();

      await page.getByRole('link', { name: 'Withdraw' }).click();
      await page.getByLabel('Amount (trETH on the hub)').fill('1');
      await page.getByRole('button', { name: 'Not enough trETH on the hub' }).waitFor();
      await screenshot(page, 'error-insufficient-treth');
      expect(errors).toEqual([]);
    });
  });

  it('explains a stale rate on a spoke and refuses to stake', async () => {
    // The shared devnet cannot have its clock moved: other suites and the relayer use alpha.
    // Instead a fork of alpha (same contracts and state, its own clock) runs for this test, and
    // the browser's requests to alpha's RPC are answered by the fork: only this page sees it.
    const fork = await forkOf('alpha');
    try {
      const maxRateAge = await net.alpha.public.readContract({ address: manifest.chains.alpha.contracts.SpokePool, abi: spokePoolAbi, functionName: 'maxRateAge' });
      await fork.rpc('evm_increaseTime', [Number(maxRateAge) + 3_600]);
      await fork.rpc('evm_mine', []);

      const { context, page, errors } = await walletPage(userAddress, chains.alpha.chainId);
      await fork.serve(context);
      await withPage('error-stale-rate', context, page, async () => {
        await page.goto(web.url);
        await connectTestWallet(page, userAddress);
        await page.getByRole('radio', { name: /Alpha L2/ }).check();
        await page.getByLabel('Amount (ETH)').fill('0.1');
        await page.getByRole('button', { name: 'Rate is stale' }).waitFor({ timeout: 15_000 });
        const alert = page.getByRole('alert').filter({ hasText: 'stale' });
        await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toMatch(/The exchange rate on Alpha L2 is stale: it was last updated .* ago, and deposits need one newer than 1 d\./);
        await screenshot(page, 'error-stale-rate');
        expect(errors).toEqual([]);
      });
      // The shared alpha still prices deposits.
      await net.alpha.public.readContract({ address: manifest.chains.alpha.contracts.SpokePool, abi: spokePoolAbi, functionName: 'quoteDeposit', args: [parseEther('0.1')] });
    } finally {
      await fork.stop();
    }
  });

  it('refuses a bridge over the outbound rate limit to that destination', async () => {
    // On a private fork of alpha (see the stale-rate test): the owner lowers the limit to beta.
    const fork = await forkOf('alpha');
    try {
      const alpha = manifest.chains.alpha.contracts;
      const onFork = createWalletClient({ chain: viemChain('alpha', fork.url), transport: http(fork.url), account: privateKeyToAccount(devnetAccounts[user].privateKey) });
      const forkClient = createPublicClient({ chain: viemChain('alpha', fork.url), transport: http(fork.url) });
      const { request } = await forkClient.simulateContract({ account: onFork.account, address: alpha.SpokePool, abi: spokePoolAbi, functionName: 'deposit', args: [userAddress, 0n], value: parseEther('0.5') });
      expect((await forkClient.waitForTransactionReceipt({ hash: await onFork.writeContract(request) })).status).toBe('success');
      const forkBalance = await forkClient.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [userAddress] });
      expect(forkBalance).toBeGreaterThan(parseEther('0.4'));
      const owner = await forkClient.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'owner' });
      await fork.rpc('anvil_impersonateAccount', [owner]);
      // The owner is the chain's timelock, impersonated here without its delay; it holds no ETH for gas.
      await fork.rpc('anvil_setBalance', [owner, toHex(parseEther('1'))]);
      // What earlier suites sent to beta is still in flight (it decays over the window): leave 0.1 trETH of room.
      const [inFlight] = await forkClient.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'getAmountCanBeSent', args: [chains.beta.eid] });
      const limit = inFlight + parseEther('0.1');
      const asOwner = createWalletClient({ chain: viemChain('alpha', fork.url), transport: http(fork.url), account: owner });
      await forkClient.waitForTransactionReceipt({
        hash: await asOwner.writeContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'setRateLimits', args: [[{ dstEid: chains.beta.eid, limit, window: 86_400n }]] }),
      });

      const { context, page, errors } = await walletPage(userAddress, chains.alpha.chainId);
      await fork.serve(context);
      await withPage('error-bridge-limit', context, page, async () => {
        await page.goto(`${web.url}/bridge`);
        await connectTestWallet(page, userAddress);
        const room = async () => (await forkClient.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'getAmountCanBeSent', args: [chains.beta.eid] }))[1];
        await expect.poll(async () => BigInt((await page.getByTestId('bridge-capacity').locator('[data-wei]').getAttribute('data-wei')) ?? '-1') === (await room()), { timeout: 15_000 }).toBe(true);
        expect(await room()).toBeGreaterThanOrEqual(parseEther('0.1'));
        expect(await room()).toBeLessThan(parseEther('0.11'));
        await expect.poll(async () => page.getByTestId('bridge-balance').getAttribute('data-wei'), { timeout: 15_000 }).toBe(forkBalance.toString());
        await page.getByLabel('Amount (trETH)').fill('0.3');
        await page.getByRole('button', { name: 'Over the bridge limit to Beta L2' }).waitFor({ timeout: 15_000 });
        await expect.poll(() => page.getByRole('alert').filter({ hasText: 'at most' }).textContent()).toMatch(/lets at most 0\.1\d* trETH through right now/);
        // Within the limit the same transfer is offered.
        await page.getByLabel('Amount (trETH)').fill('0.05');
        await page.getByRole('button', { name: 'Bridge', exact: true }).waitFor({ timeout: 15_000 });
        await screenshot(page, 'error-bridge-limit');
        expect(errors).toEqual([]);
      });
    } finally {
      await fork.stop();
    }
  });
});

/**
 * A private fork of a devnet chain: same contracts and state, its own clock and owner powers.
 * `serve` answers a browser context's requests to that chain's RPC from the fork, so only that
 * page sees the changes; the shared devnet, the relayer and other suites never do.
 */
async function forkOf(name: 'alpha' | 'beta') {
  const node = await startAnvil({ chainId: chains[name].chainId, port: testPorts.fork, args: ['--fork-url', manifest.chains[name].rpcUrl], label: `a fork of ${name}` });
  const url = node.rpcUrl;
  const rpc = async (method: string, params: unknown[]): Promise<unknown> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const port = new URL(manifest.chains[name].rpcUrl).port;
  const serve = (context: BrowserContext) =>
    context.route(
      (requested) => requested.port === port,
      async (route) => route.fulfill({ response: await route.fetch({ url }) }),
    );
  return { url, rpc, serve, stop: node.stop };
}
