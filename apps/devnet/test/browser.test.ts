import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { type Address, parseEther } from 'viem';
import { devnetAccounts } from '@tributary/config';
import { spokePoolAbi, trETHAbi, trETHOFTAbi } from '@tributary/contracts';
import { type WebApp, startWebApp } from '../src/web.ts';
import { testDevnet } from './clients.ts';
import { testPorts } from './ports.ts';

/** Ports and the account are this file's own: other suites use other indexes. */
const WEB_PORT = testPorts.web;
const MISSING_MANIFEST_PORT = testPorts.webWithoutManifest;
const staker = 5;
const stakerAddress: Address = devnetAccounts[staker].address;
const resultsDir = resolve(import.meta.dirname, '../test-results');

const { manifest, chains: net } = testDevnet();

let web: WebApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(resultsDir, { recursive: true });
  web = await startWebApp({ port: WEB_PORT, manifestPath: inject('manifestPath') });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

async function trEthOn(chain: 'alpha' | 'beta'): Promise<bigint> {
  return net[chain].public.readContract({ address: manifest.chains[chain].contracts.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [stakerAddress] });
}

/** A failed test leaves a screenshot, and the stake panel's text (error details open) in the log. */
async function recordFailure(target: Page, name: string): Promise<void> {
  await target.locator('details').evaluateAll((all) => all.forEach((element) => element.setAttribute('open', '')));
  process.stderr.write(`${name}: stake panel at failure:\n${await target.locator('.stake').innerText().catch(() => '(none)')}\n`);
  await target.screenshot({ path: resolve(resultsDir, `${name}-failure.png`), fullPage: true });
}

/** Connects the staker's devnet account in the shared page, on the chain selected there. */
async function connectDevnetAccount(): Promise<void> {
  await page.getByLabel('Devnet account').selectOption(String(staker));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.poll(() => page.getByTestId('connected-address').getAttribute('title'), { timeout: 10_000 }).toBe(stakerAddress);
}

/** Waits until the portfolio row for `chain` shows exactly `wei` trETH. */
async function balanceShown(chain: 'hub' | 'alpha' | 'beta', wei: bigint): Promise<void> {
  await page.locator(`[data-testid="balance-${chain}"] [data-wei="${wei}"]`).waitFor({ timeout: 30_000 });
}

interface TestWalletWindow {
  testWallet: { rejectSends: boolean };
}

/**
 * Page script that runs before the app: a minimal injected wallet announcing itself through
 * EIP-6963. It answers account and chain requests itself, refuses to send while
 * `window.testWallet.rejectSends` is set (code 4001, as a person pressing "Reject"), and passes
 * everything else to the current chain's anvil, which signs for its unlocked development accounts.
 * Plain JavaScript source: a transpiled function would carry the test runner's helpers into the page.
 */
function testWalletScript(options: { rpcUrls: Record<number, string>; account: Address; startChainId: number }): string {
  return `(() => {
  const { rpcUrls, account, startChainId } = ${JSON.stringify(options)};
  const state = { rejectSends: false };
  window.testWallet = state;
  let chainId = startChainId;
  let authorized = false;
  let nextId = 0;
  const listeners = new Map();
  const emit = (event, value) => (listeners.get(event) || new Set()).forEach((listener) => listener(value));
  const rpcError = (code, message, data) => Object.assign(new Error(message), { code, data });
  const provider = {
    async request({ method, params }) {
      // Like a real wallet: no accounts for the page until it asks and is granted them.
      if (method === 'eth_requestAccounts') authorized = true;
      if (method === 'eth_requestAccounts' || method === 'eth_accounts') return authorized ? [account] : [];
      if (method === 'eth_chainId') return '0x' + chainId.toString(16);
      if (method === 'wallet_switchEthereumChain') {
        const next = Number.parseInt(params[0].chainId, 16);
        if (!rpcUrls[next]) throw rpcError(4902, 'Unrecognized chain ' + next);
        chainId = next;
        emit('chainChanged', '0x' + next.toString(16));
        return null;
      }
      if (method === 'eth_sendTransaction' && state.rejectSends) throw rpcError(4001, 'User rejected the request.');
      const response = await fetch(rpcUrls[chainId], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++nextId, method, params: params || [] }),
      });
      const body = await response.json();
      if (body.error) throw rpcError(body.error.code, body.error.message, body.error.data);
      return body.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
    },
    removeListener(event, listener) {
      (listeners.get(event) || new Set()).delete(listener);
    },
  };
  const info = {
    uuid: '5f0c4d5e-3b9a-4d1e-9c7a-2f1e8b6a0d41',
    name: 'Tributary Test Wallet',
    icon: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 8 8%22%3E%3Crect width=%228%22 height=%228%22 fill=%22%23888%22/%3E%3C/svg%3E',
    rdns: 'dev.tributary.testwallet',
  };
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
})();`;
}

describe('web app on the devnet, in Chromium', () => {
  it('stakes on spoke alpha with a devnet account: quote first, then the new balance', async () => {
    onTestFailed(() => recordFailure(page, 'browser-stake-alpha'));
    const before = await trEthOn('alpha');
    await page.goto(web.url);

    await connectDevnetAccount();

    await page.getByRole('radio', { name: /Alpha L2/ }).check();
    const assets = parseEther('0.25');
    await page.getByLabel('Amount (ETH)').fill('0.25');

    // The quote shown is what the pool itself computes for this amount.
    const quoted = page.getByTestId('quote-shares').locator('[data-wei]');
    await quoted.waitFor();
    const quotedShares = BigInt((await quoted.getAttribute('data-wei')) ?? '');
    const [expectedShares] = await net.alpha.public.readContract({ address: manifest.chains.alpha.contracts.SpokePool, abi: spokePoolAbi, functionName: 'quoteDeposit', args: [assets] });
    expect(quotedShares).toBe(expectedShares);
    await expect.poll(() => page.getByTestId('quote-fee').textContent(), { timeout: 10_000 }).toMatch(/%/);
    await expect.poll(() => page.getByTestId('quote-rate').textContent(), { timeout: 10_000 }).toMatch(/^1 trETH = [\d.]+ ETH/);
    await expect.poll(() => page.getByTestId('quote-rate-age').textContent(), { timeout: 10_000 }).toMatch(/Fresh\s*updated .* ago/);

    await page.getByRole('button', { name: 'Stake', exact: true }).click();
    await page.getByTestId('stake-success').waitFor({ timeout: 30_000 });
    await balanceShown('alpha', before + quotedShares);
    await page.screenshot({ path: resolve(resultsDir, 'browser-stake-alpha.png'), fullPage: true });

    expect(await trEthOn('alpha')).toBe(before + quotedShares);
    expect(pageErrors).toEqual([]);
  });

  it('switches the wallet to the hub for a hub deposit', async () => {
    onTestFailed(() => recordFailure(page, 'browser-stake-hub'));
    const hubToken = manifest.chains.hub.contracts.TrETH;
    const before = await net.hub.public.readContract({ address: hubToken, abi: trETHAbi, functionName: 'balanceOf', args: [stakerAddress] });
    const assets = parseEther('0.1');
    const expectedShares = await net.hub.public.readContract({ address: hubToken, abi: trETHAbi, functionName: 'previewDeposit', args: [assets] });

    // Continues the first test's session; on its own it connects on alpha first.
    if (!(await page.getByTestId('connected-address').isVisible())) {
      await page.goto(web.url);
      await connectDevnetAccount();
    }
    await page.getByRole('radio', { name: /Hub/ }).check();
    await page.getByLabel('Amount (ETH)').fill('0.1');
    // The wallet is still on alpha: the app says so and offers to switch as part of staking.
    const stake = page.getByRole('button', { name: 'Switch to Hub (Ethereum) and stake' });
    await stake.waitFor();
    await stake.click();
    await page.getByTestId('stake-success').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('stake-progress').textContent(), { timeout: 10_000 }).toContain('Switch wallet to Hub (Ethereum)');
    await balanceShown('hub', before + expectedShares);

    expect(await net.hub.public.readContract({ address: hubToken, abi: trETHAbi, functionName: 'balanceOf', args: [stakerAddress] })).toBe(before + expectedShares);
    expect(pageErrors).toEqual([]);
  });

  it('connects a wallet announced through EIP-6963, explains a rejected transaction, then stakes', async () => {
    const context = await browser.newContext();
    const rpcUrls: Record<number, string> = Object.fromEntries(Object.values(manifest.chains).map((chain) => [chain.chainId, chain.rpcUrl]));
    await context.addInitScript({ content: testWalletScript({ rpcUrls, account: stakerAddress, startChainId: manifest.chains.hub.chainId }) });
    const walletPage = await context.newPage();
    walletPage.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      const before = await trEthOn('beta');
      await walletPage.goto(web.url);
      await walletPage.getByRole('button', { name: 'Tributary Test Wallet' }).click();
      await expect.poll(() => walletPage.getByTestId('connected-address').getAttribute('title'), { timeout: 10_000 }).toBe(stakerAddress);

      await walletPage.getByRole('radio', { name: /Beta L2/ }).check();
      await walletPage.getByLabel('Amount (ETH)').fill('0.05');
      await walletPage.evaluate(() => {
        (window as unknown as TestWalletWindow).testWallet.rejectSends = true;
      });
      await walletPage.getByRole('button', { name: 'Switch to Beta L2 and stake' }).click();
      await expect.poll(() => walletPage.getByTestId('stake-error').textContent(), { timeout: 10_000 }).toContain('You rejected the request in your wallet. Nothing was sent.');
      expect(await trEthOn('beta')).toBe(before);

      // The switch went through before the rejection: the wallet is on beta now.
      await walletPage.evaluate(() => {
        (window as unknown as TestWalletWindow).testWallet.rejectSends = false;
      });
      const quoted = walletPage.getByTestId('quote-shares').locator('[data-wei]');
      await quoted.waitFor();
      const quotedShares = BigInt((await quoted.getAttribute('data-wei')) ?? '');
      await walletPage.getByRole('button', { name: 'Stake', exact: true }).click();
      await walletPage.locator(`[data-testid="balance-beta"] [data-wei="${before + quotedShares}"]`).waitFor({ timeout: 30_000 });
      expect(await trEthOn('beta')).toBe(before + quotedShares);
      expect(pageErrors).toEqual([]);
    } catch (error) {
      await recordFailure(walletPage, 'browser-injected-wallet');
      throw error;
    } finally {
      await context.close();
    }
  });

  it('tells the user to start the devnet when there is no manifest', async () => {
    const orphan = await startWebApp({ port: MISSING_MANIFEST_PORT, manifestPath: resolve(resultsDir, 'no-such-manifest.json') });
    try {
      const html = await (await fetch(orphan.url)).text();
      expect(html).toContain('The chains are not running');
      expect(html).toContain('pnpm dev');
    } finally {
      await orphan.stop();
    }
  });
});
