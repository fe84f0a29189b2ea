/**
 * The web app's journeys end to end in Chromium, on the shared test devnet (relayer delivering
 * LayerZero packets, oracle reporting): bridge, withdraw, portfolio, protocol page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { type Address, type Hex, isAddressEqual, parseEther, parseEventLogs } from 'viem';
import { type ChainName, chains, devnetAccounts } from '@tributary/config';
import { endpointV2Abi, spokePoolAbi, trETHAbi, trETHAdapterAbi, trETHOFTAbi } from '@tributary/contracts';
import { type WebApp, startWebApp } from '../src/web.ts';
import { launchChromium, recordFailure, screenshot, weiIn } from './browser-helpers.ts';
import { testDevnet } from './clients.ts';
import { testPorts } from './ports.ts';

/** This file's own account; other suites use other indexes. */
const user = 6;
const userAddress: Address = devnetAccounts[user].address;

const { manifest, chains: net } = testDevnet();

let web: WebApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  [web, browser] = await Promise.all([startWebApp({ port: testPorts.webJourneys, manifestPath: inject('manifestPath') }), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // trETH to move around: some on alpha, some on the hub.
  const alphaWallet = net.alpha.wallet(user);
  const [alphaShares] = await net.alpha.public.readContract({ address: manifest.chains.alpha.contracts.SpokePool, abi: spokePoolAbi, functionName: 'quoteDeposit', args: [parseEther('1')] });
  await confirmed('alpha', await alphaWallet.writeContract({ address: manifest.chains.alpha.contracts.SpokePool, abi: spokePoolAbi, functionName: 'deposit', args: [userAddress, (alphaShares * 99n) / 100n], value: parseEther('1') }));
  const hubWallet = net.hub.wallet(user);
  await confirmed('hub', await hubWallet.writeContract({ address: manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'depositETH', args: [userAddress, 0n], value: parseEther('3') }));
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

async function confirmed(chain: ChainName, hash: Hex) {
  const receipt = await net[chain].public.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

async function trEthOn(chain: ChainName): Promise<bigint> {
  return net[chain].public.readContract({ address: manifest.chains[chain].contracts.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [userAddress] });
}

async function connect(): Promise<void> {
  if (await page.getByTestId('connected-address').isVisible()) return;
  await page.getByLabel('Devnet account').selectOption(String(user));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.poll(() => page.getByTestId('connected-address').getAttribute('title'), { timeout: 10_000 }).toBe(userAddress);
}

async function stepTx(step: 'sent' | 'verified' | 'delivered'): Promise<Hex> {
  const locator = page.getByTestId(`bridge-step-${step}`);
  await expect.poll(() => locator.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
  return (await locator.getAttribute('data-tx')) as Hex;
}

/**
 * Bridges `amount` in the page and checks each progress step against the chains: the send's
 * OFTSent guid, the destination's PacketVerified for that packet, then OFTReceived with the guid.
 */
async function bridgeInPage(from: ChainName, to: ChainName, amount: string, buttonName: string): Promise<void> {
  const wei = parseEther(amount);
  const before = await trEthOn(to);
  await page.getByRole('group', { name: 'From' }).getByRole('radio', { name: new RegExp(chains[from].label.replace(/[()]/g, '\\$&')) }).check();
  await page.getByRole('group', { name: 'To' }).getByRole('radio', { name: new RegExp(chains[to].label.replace(/[()]/g, '\\$&')) }).check();
  await page.getByLabel('Amount (trETH)').fill(amount);

  // The quote is the source OFT's own: fee from quoteSend, room from the rate limit to `to`.
  expect(await weiIn(page, '[data-testid="bridge-receive"]')).toBe(wei);
  const oft = from === 'hub' ? manifest.chains.hub.contracts.TrETHAdapter : manifest.chains[from].contracts.TrETH;
  const sendParam = { dstEid: chains[to].eid, to: `0x${userAddress.slice(2).padStart(64, '0')}` as Hex, amountLD: wei, minAmountLD: wei, extraOptions: '0x' as Hex, composeMsg: '0x' as Hex, oftCmd: '0x' as Hex };
  const fee = await net[from].public.readContract({ address: oft, abi: trETHAdapterAbi, functionName: 'quoteSend', args: [sendParam, false] });
  expect(await weiIn(page, '[data-testid="bridge-fee"]')).toBe(fee.nativeFee);
  const [, canBeSent] = await net[from].public.readContract({ address: oft, abi: trETHAdapterAbi, functionName: 'getAmountCanBeSent', args: [chains[to].eid] });
  expect(await weiIn(page, '[data-testid="bridge-capacity"]')).toBe(canBeSent);

  const clicked = performance.now();
  await page.getByRole('button', { name: buttonName, exact: true }).click();

  const sentTx = await stepTx('sent');
  const sentReceipt = await confirmed(from, sentTx);
  const [oftSent] = parseEventLogs({ abi: trETHAdapterAbi, eventName: 'OFTSent', logs: sentReceipt.logs });
  expect(oftSent?.args).toMatchObject({ fromAddress: userAddress, amountSentLD: wei });
  const [packetSent] = parseEventLogs({ abi: endpointV2Abi, eventName: 'PacketSent', logs: sentReceipt.logs });
  expect(packetSent).toBeDefined();

  const verifiedReceipt = await confirmed(to, await stepTx('verified'));
  const [verified] = parseEventLogs({ abi: endpointV2Abi, eventName: 'PacketVerified', logs: verifiedReceipt.logs });
  expect(verified?.args.origin.srcEid).toBe(chains[from].eid);
  expect(isAddressEqual(verified!.args.receiver, to === 'hub' ? manifest.chains.hub.contracts.TrETHAdapter : manifest.chains[to].contracts.TrETH)).toBe(true);

  const deliveredReceipt = await confirmed(to, await stepTx('delivered'));
  const [received] = parseEventLogs({ abi: trETHAdapterAbi, eventName: 'OFTReceived', logs: deliveredReceipt.logs });
  expect(received?.args).toMatchObject({ guid: oftSent!.args.guid, toAddress: userAddress, amountReceivedLD: wei });
  const [delivered] = parseEventLogs({ abi: endpointV2Abi, eventName: 'PacketDelivered', logs: deliveredReceipt.logs });
  expect(delivered?.args.origin.nonce).toBe(verified!.args.origin.nonce);
  // Verification and delivery are separate destination transactions, in that order.
  expect(deliveredReceipt.blockNumber).toBeGreaterThanOrEqual(verifiedReceipt.blockNumber);

  await page.locator(`[data-testid="balance-${to}"] [data-wei="${before + wei}"]`).waitFor({ timeout: 30_000 });
  console.info(`bridge ${from} -> ${to}: ${Math.round(performance.now() - clicked)} ms from click to the balance on ${to}`);
  expect(await trEthOn(to)).toBe(before + wei);
  await page.getByTestId('bridge-success').waitFor();
}

describe('web app journeys, in Chromium', () => {
  it('bridges trETH alpha -> beta by OFT send, showing sent, verified and delivered', async () => {
    onTestFailed(() => recordFailure(page, 'journey-bridge-alpha-beta'));
    await page.goto(`${web.url}/bridge`);
    await connect();
    await bridgeInPage('alpha', 'beta', '0.3', 'Bridge');
    await screenshot(page, 'journey-bridge-alpha-beta');
    expect(pageErrors).toEqual([]);
  });

  it('bridges hub -> alpha through the lockbox: switch, approve, then send', async () => {
    onTestFailed(() => recordFailure(page, 'journey-bridge-hub-alpha'));
    if (!page.url().endsWith('/bridge')) {
      await page.goto(`${web.url}/bridge`);
      await connect();
    }
    await bridgeInPage('hub', 'alpha', '0.2', 'Switch to Hub (Ethereum) and bridge');
    for (const step of ['switch', 'approve'] as const) expect(await page.getByTestId(`bridge-step-${step}`).getAttribute('data-state')).toBe('done');
    await screenshot(page, 'journey-bridge-hub-alpha');
    expect(pageErrors).toEqual([]);
  });
});
