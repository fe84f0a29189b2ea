/**
 * The web app's journeys end to end in Chromium, on the shared test devnet (relayer delivering
 * LayerZero packets, oracle reporting): bridge, withdraw, portfolio, protocol page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { type Address, type Hex, isAddressEqual, parseEther, parseEventLogs } from 'viem';
import { type ChainName, chains, devnetAccounts, devnetRoles } from '@tributary/config';
import { backingLedgerAbi, endpointV2Abi, throughTimelock, nodeOperatorRegistryAbi, rateReceiverAbi, spokePoolAbi, trETHAbi, trETHAdapterAbi, trETHOFTAbi, withdrawalQueueAbi } from '@tributary/contracts';
import { withdrawalRequestIdsOf } from '@tributary/sdk';
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

/**
 * The test devnet's anvils mine only on transactions, and the oracle's clock is the hub's block
 * time (the beacon simulator and the oracle frame both follow it). A test that waits for a report
 * mines an empty hub block on each poll, so time passes as on a chain with a block time. Empty
 * blocks change no state other suites read.
 */
async function hubClockTicks(): Promise<void> {
  await net.hub.public.request({ method: 'evm_mine' } as never);
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

  it('shows a transfer the destination parked: why, and that nothing is lost while payouts are paused', async () => {
    onTestFailed(() => recordFailure(page, 'journey-bridge-parked'));
    const beta = manifest.chains.beta.contracts;
    const oft = { address: beta.TrETH, abi: trETHOFTAbi } as const;
    // The guardian has paused payouts on beta: every credit arriving there parks.
    await confirmed('beta', await net.beta.wallet(devnetRoles.guardian).writeContract({ ...oft, functionName: 'pauseReleases' }));
    const before = await trEthOn('beta');
    try {
      await page.getByRole('group', { name: 'From' }).getByRole('radio', { name: new RegExp(chains.alpha.label) }).check();
      await page.getByRole('group', { name: 'To' }).getByRole('radio', { name: new RegExp(chains.beta.label) }).check();
      await page.getByLabel('Amount (trETH)').fill('0.1');
      await page.getByRole('button', { name: 'Bridge', exact: true }).click();
      const notice = page.getByTestId('bridge-parked');
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.textContent()).toMatch(/Parked on Beta.*paused by the guardian.*nothing is lost/);
      expect(await page.getByTestId('bridge-step-verified').getAttribute('data-state')).toBe('done');
      expect(await page.getByTestId('bridge-step-delivered').getAttribute('data-state')).toBe('current');
      expect(await trEthOn('beta')).toBe(before);
      await screenshot(page, 'journey-bridge-parked');
    } finally {
      // Leave beta as found: the timelock drops this test's parked credit and lifts the pause.
      const guid = await net.beta.public.readContract({ ...oft, functionName: 'nextParked', args: [chains.alpha.eid] });
      const calls = [{ ...oft, functionName: 'unpauseReleases' }];
      if (!/^0x0+$/.test(guid)) calls.unshift({ ...oft, functionName: 'cancelParked', args: [guid] } as never);
      await throughTimelock({ publicClient: net.beta.public, walletClient: net.beta.wallet(devnetRoles.timelockAdmin) }, beta.Timelock, calls);
    }
    expect(await net.beta.public.readContract({ ...oft, functionName: 'releasesPaused' })).toBe(false);
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

  it('requests a withdrawal on the hub, sees it finalized by the devnet oracle, then claims it', { timeout: 150_000 }, async () => {
    onTestFailed(() => recordFailure(page, 'journey-withdraw'));
    await page.getByRole('link', { name: 'Withdraw' }).click();
    await page.getByRole('heading', { name: 'Withdraw to ETH' }).waitFor();
    const queue = { address: manifest.chains.hub.contracts.WithdrawalQueue, abi: withdrawalQueueAbi } as const;
    const { ids: held } = await withdrawalRequestIdsOf(net.hub.public, { queue: queue.address, owner: userAddress });

    await page.getByLabel('Amount (trETH on the hub)').fill('0.5');
    await page.getByRole('button', { name: 'Request withdrawal', exact: true }).click();
    await page.getByTestId('withdraw-success').waitFor({ timeout: 30_000 });
    const { ids: now } = await withdrawalRequestIdsOf(net.hub.public, { queue: queue.address, owner: userAddress });
    const [id] = now.filter((requestId) => !held.includes(requestId));
    expect(id).toBeDefined();
    const request = await net.hub.public.readContract({ ...queue, functionName: 'getRequest', args: [id!] });
    expect(request.shares).toBe(parseEther('0.5'));
    expect(await page.getByTestId('withdraw-success').textContent()).toContain(`#${id}`);

    const row = page.getByTestId(`request-${id}`);
    await row.waitFor();
    // The relayer's oracle members report every frame; a report finalizes what the buffer can pay.
    const finalizing = performance.now();
    await expect
      .poll(async () => {
        await hubClockTicks();
        return row.getAttribute('data-status');
      }, { timeout: 120_000, interval: 500 })
      .toBe('claimable');
    console.info(`withdrawal #${id} finalized by the devnet oracle ${Math.round(performance.now() - finalizing)} ms after it showed as requested`);
    const claimable = await net.hub.public.readContract({ ...queue, functionName: 'claimableEther', args: [id!] });
    expect(await weiIn(page, `[data-testid="request-${id}-eth"]`)).toBe(claimable);
    await screenshot(page, 'journey-withdraw-finalized');

    await page.getByRole('button', { name: `Claim request ${id}` }).click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('claimed');
    expect((await net.hub.public.readContract({ ...queue, functionName: 'getRequest', args: [id!] })).claimed).toBe(true);
    const [claimed] = await net.hub.public.getContractEvents({ ...queue, eventName: 'WithdrawalClaimed', args: { requestId: id! }, fromBlock: 0n });
    expect(claimed?.args.eth).toBe(claimable);
    await screenshot(page, 'journey-withdraw-claimed');
    expect(pageErrors).toEqual([]);
  });

  it('shows trETH and its ETH value on every chain, and the totals', async () => {
    onTestFailed(() => recordFailure(page, 'journey-portfolio'));
    await page.getByRole('link', { name: 'Portfolio' }).click();
    await page.getByTestId('balance-total').locator('[data-wei]').waitFor({ timeout: 30_000 });
    let total = 0n;
    for (const chain of ['hub', 'alpha', 'beta'] as const) {
      const balance = await trEthOn(chain);
      total += balance;
      expect(await weiIn(page, `[data-testid="balance-${chain}"]`)).toBe(balance);
    }
    expect(await weiIn(page, '[data-testid="balance-total"]')).toBe(total);
    // Worth: each chain at its own rate (hub getRate, spoke RateReceiver), summed. Reports move the
    // rates every few seconds, so compare the page with the chain until they agree.
    await expect
      .poll(async () => {
        const hubRate = await net.hub.public.readContract({ address: manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'getRate' });
        const spokeRate = async (chain: 'alpha' | 'beta') => (await net[chain].public.readContract({ address: manifest.chains[chain].contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' }))[0];
        const expected = {
          hub: ((await trEthOn('hub')) * hubRate) / 10n ** 18n,
          alpha: ((await trEthOn('alpha')) * (await spokeRate('alpha'))) / 10n ** 18n,
          beta: ((await trEthOn('beta')) * (await spokeRate('beta'))) / 10n ** 18n,
        };
        const shown = { hub: await weiIn(page, '[data-testid="worth-hub"]'), alpha: await weiIn(page, '[data-testid="worth-alpha"]'), beta: await weiIn(page, '[data-testid="worth-beta"]') };
        const shownTotal = await weiIn(page, '[data-testid="worth-total"]');
        return shown.hub === expected.hub && shown.alpha === expected.alpha && shown.beta === expected.beta && shownTotal === shown.hub + shown.alpha + shown.beta;
      }, { timeout: 30_000 })
      .toBe(true);
    await screenshot(page, 'journey-portfolio');
    expect(pageErrors).toEqual([]);
  });

  it('shows the protocol figures read from the chains', { timeout: 150_000 }, async () => {
    onTestFailed(() => recordFailure(page, 'journey-protocol'));
    await page.getByRole('link', { name: 'Protocol' }).click();
    const hub = manifest.chains.hub.contracts;
    await page.getByTestId('tvl-hub').locator('[data-wei]').waitFor({ timeout: 30_000 });

    await expect.poll(async () => (await weiIn(page, '[data-testid="tvl-hub"]')) === (await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'totalPooledEther' })), { timeout: 30_000 }).toBe(true);
    for (const spoke of ['alpha', 'beta'] as const) {
      const contracts = manifest.chains[spoke].contracts;
      await expect
        .poll(async () => {
          const supply = await net[spoke].public.readContract({ address: contracts.TrETH, abi: trETHOFTAbi, functionName: 'totalSupply' });
          const [rate] = await net[spoke].public.readContract({ address: contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' });
          const ledger = await net.hub.public.readContract({ address: hub.BackingLedger, abi: backingLedgerAbi, functionName: 'spoke', args: [chains[spoke].eid] });
          return (
            (await weiIn(page, `[data-testid="tvl-${spoke}"]`)) === (supply * rate) / 10n ** 18n &&
            (await weiIn(page, `[data-testid="backing-${spoke}-supply"]`)) === supply &&
            (await weiIn(page, `[data-testid="backing-${spoke}-backed"]`)) === ledger.backedShares
          );
        }, { timeout: 30_000 })
        .toBe(true);
      expect(await page.getByTestId(`fresh-${spoke}`).textContent()).toMatch(/Fresh/);
    }
    await expect.poll(async () => (await weiIn(page, '[data-testid="lockbox-balance"]')) === (await net.hub.public.readContract({ address: hub.BackingLedger, abi: backingLedgerAbi, functionName: 'lockboxBalance' })), { timeout: 30_000 }).toBe(true);

    // Operators: every registered one, with its deposited validators.
    const registry = { address: hub.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi } as const;
    const count = Number(await net.hub.public.readContract({ ...registry, functionName: 'operatorCount' }));
    expect(count).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('operator').count(), { timeout: 10_000 }).toBe(count);
    for (let id = 0; id < count; id += 1) {
      const operator = await net.hub.public.readContract({ ...registry, functionName: 'getOperator', args: [BigInt(id)] });
      expect(await page.getByTestId('operator').nth(id).locator('th').textContent()).toContain(operator.name);
    }

    // Reports: the chart has one point per OracleReportHandled, the table starts at the latest.
    await expect
      .poll(async () => {
        await hubClockTicks();
        const handled = await net.hub.public.getContractEvents({ address: hub.TrETH, abi: trETHAbi, eventName: 'OracleReportHandled', fromBlock: 0n });
        const points = Number(await page.getByTestId('rate-chart').getAttribute('data-points'));
        const latest = await page.getByTestId('report').first().getAttribute('data-ref-slot');
        return handled.length >= 2 && points === handled.length && latest === handled.at(-1)!.args.refSlot!.toString();
      }, { timeout: 80_000, interval: 500 })
      .toBe(true);
    expect(await page.getByTestId('rate-chart').locator('path').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/);
    expect(await page.getByTestId('apr').getAttribute('data-bps')).toMatch(/^-?\d+$/);
    await screenshot(page, 'journey-protocol');
    expect(pageErrors).toEqual([]);
  });
});

/** Chromium's layout-shift entries, summed as Cumulative Layout Shift (shifts right after input excluded). */
const layoutShiftObserver = `(() => {
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
})();`;

describe('web app layout and keyboard use, in Chromium', () => {
  const pages: { path: string; ready: (target: Page) => Promise<void> }[] = [
    { path: '/', ready: (target) => target.getByTestId('quote-rate').filter({ hasText: 'trETH =' }).waitFor({ timeout: 30_000 }) },
    { path: '/protocol', ready: (target) => target.getByTestId('report').first().waitFor({ timeout: 30_000 }) },
  ];
  for (const { path, ready } of pages) {
    it(`loads ${path} without layout shift, and fits a phone screen`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      await context.addInitScript({ content: layoutShiftObserver });
      const phone = await context.newPage();
      try {
        await phone.goto(`${web.url}${path}`);
        await ready(phone);
        // Let a frame render the data that just arrived before reading the shift.
        await phone.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        const cls = await phone.evaluate(() => (window as unknown as { __cls: number }).__cls);
        console.info(`layout shift on ${path} (390 px wide): CLS ${cls.toFixed(4)}`);
        // 0.1 is the "good" threshold of Core Web Vitals.
        expect(cls).toBeLessThan(0.1);
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await screenshot(phone, `phone${path === '/' ? '-stake' : path.replace('/', '-')}`);
      } catch (error) {
        await recordFailure(phone, `layout${path.replace('/', '-')}`);
        throw error;
      } finally {
        await context.close();
      }
    });
  }

  it('is usable from the keyboard: skip link, navigation, chain radios, visible focus', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const keyboard = await context.newPage();
    try {
      await keyboard.goto(web.url);
      await keyboard.keyboard.press('Tab');
      expect(await keyboard.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      // Focus is visible: the focused element draws an outline.
      expect(await keyboard.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
      await keyboard.keyboard.press('Tab');
      expect(await keyboard.evaluate(() => document.activeElement?.textContent)).toBe('Stake');
      await keyboard.keyboard.press('Tab');
      await keyboard.keyboard.press('Enter');
      await keyboard.waitForURL(`${web.url}/bridge`);
      await keyboard.getByRole('heading', { name: 'Bridge trETH', exact: true }).waitFor();
      // Radios move with the arrow keys, as a native radio group does.
      await keyboard.getByRole('group', { name: 'From' }).getByRole('radio', { name: /Alpha L2/ }).focus();
      await keyboard.keyboard.press('ArrowRight');
      expect(await keyboard.getByRole('group', { name: 'From' }).getByRole('radio', { name: /Beta L2/ }).isChecked()).toBe(true);
      expect(await keyboard.evaluate(() => getComputedStyle(document.activeElement!.closest('label')!).outlineStyle)).toBe('solid');
    } catch (error) {
      await recordFailure(keyboard, 'keyboard');
      throw error;
    } finally {
      await context.close();
    }
  });
});
