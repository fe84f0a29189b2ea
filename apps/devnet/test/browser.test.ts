import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { type Address, parseEther } from 'viem';
import { devnetAccounts } from '@tributary/config';
import { spokePoolAbi, trETHAbi, trETHOFTAbi } from '@tributary/contracts';
import { type WebApp, startWebApp } from '../src/web.ts';
import { type TestWalletWindow, launchChromium, recordFailure, screenshot, screenshotsDir, testWalletScript } from './browser-helpers.ts';
import { testDevnet } from './clients.ts';
import { testPorts } from './ports.ts';

/** Ports and the account are this file's own: other suites use other indexes. */
const WEB_PORT = testPorts.web;
const MISSING_MANIFEST_PORT = testPorts.webWithoutManifest;
const staker = 5;
const stakerAddress: Address = devnetAccounts[staker].address;

const { manifest, chains: net } = testDevnet();

let web: WebApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  web = await startWebApp({ port: WEB_PORT, manifestPath: inject('manifestPath') });
  browser = await launchChromium();
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

    const clicked = performance.now();
    await page.getByRole('button', { name: 'Stake', exact: true }).click();
    await balanceShown('alpha', before + quotedShares);
    console.info(`click to balance: spoke stake on alpha, ${Math.round(performance.now() - clicked)} ms from the Stake click to the new balance in the portfolio`);
    await page.getByTestId('stake-success').waitFor({ timeout: 30_000 });
    await screenshot(page, 'browser-stake-alpha');

    expect(await trEthOn('alpha')).toBe(before + quotedShares);
    expect(pageErrors).toEqual([]);
  });

  it('switches the wallet to the hub for a hub deposit', async () => {
    onTestFailed(() => recordFailure(page, 'browser-stake-hub'));
    const hubToken = manifest.chains.hub.contracts.TrETH;
    const before = await net.hub.public.readContract({ address: hubToken, abi: trETHAbi, functionName: 'balanceOf', args: [stakerAddress] });
    const assets = parseEther('0.1');
    const fromBlock = await net.hub.public.getBlockNumber();

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

    // The rate can move between a read and the click (a spoke batch lands on the hub): the shares
    // must be what the pool quoted at the state the deposit ran on, the block before its own.
    const [deposited] = await net.hub.public.getContractEvents({ address: hubToken, abi: trETHAbi, eventName: 'Deposited', args: { receiver: stakerAddress }, fromBlock });
    expect(deposited?.args.assets).toBe(assets);
    const expectedShares = await net.hub.public.readContract({ address: hubToken, abi: trETHAbi, functionName: 'previewDeposit', args: [assets], blockNumber: deposited!.blockNumber - 1n });
    expect(deposited?.args.shares).toBe(expectedShares);
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
    const orphan = await startWebApp({ port: MISSING_MANIFEST_PORT, manifestPath: resolve(screenshotsDir, 'no-such-manifest.json') });
    try {
      const html = await (await fetch(orphan.url)).text();
      expect(html).toContain('The chains are not running');
      expect(html).toContain('pnpm dev');
    } finally {
      await orphan.stop();
    }
  });
});
