import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Address, parseEther } from 'viem';
import { devnetAccounts } from '@tributary/config';
import { spokePoolAbi, trETHAbi, trETHOFTAbi } from '@tributary/contracts';
import { type WebApp, startWebApp } from '../src/web.ts';
import { testDevnet } from './clients.ts';

/** Ports and the account are this file's own: other suites use other indexes. */
const WEB_PORT = 13000;
const MISSING_MANIFEST_PORT = 13001;
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

/** Waits until the portfolio row for `chain` shows exactly `wei` trETH. */
async function balanceShown(chain: 'hub' | 'alpha' | 'beta', wei: bigint): Promise<void> {
  await page.locator(`[data-testid="balance-${chain}"] [data-wei="${wei}"]`).waitFor({ timeout: 30_000 });
}

describe('web app on the devnet, in Chromium', () => {
  it('stakes on spoke alpha with a devnet account: quote first, then the new balance', async () => {
    const before = await trEthOn('alpha');
    await page.goto(web.url);

    await page.getByLabel('Devnet account').selectOption(String(staker));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => page.getByTestId('connected-address').getAttribute('title'), { timeout: 10_000 }).toBe(stakerAddress);

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
    const hubToken = manifest.chains.hub.contracts.TrETH;
    const before = await net.hub.public.readContract({ address: hubToken, abi: trETHAbi, functionName: 'balanceOf', args: [stakerAddress] });
    const assets = parseEther('0.1');
    const expectedShares = await net.hub.public.readContract({ address: hubToken, abi: trETHAbi, functionName: 'previewDeposit', args: [assets] });

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
