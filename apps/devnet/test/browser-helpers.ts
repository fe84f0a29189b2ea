import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { Address } from 'viem';

/** Screenshots of every journey and of every failure (gitignored). */
export const screenshotsDir = resolve(import.meta.dirname, '../.artifacts/screenshots');

export async function launchChromium(): Promise<Browser> {
  mkdirSync(screenshotsDir, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(screenshotsDir, `${name}.png`), fullPage: true });
}

/** A failed test leaves a screenshot, and the main panel's text (error details open) in the log. */
export async function recordFailure(page: Page, name: string): Promise<void> {
  await page.locator('details').evaluateAll((all) => all.forEach((element) => element.setAttribute('open', '')));
  process.stderr.write(`${name}: page at failure:\n${await page.locator('main').innerText().catch(() => '(none)')}\n`);
  await screenshot(page, `${name}-failure`);
}

/** Reads the exact amount an <Amount> shows inside `selector`. */
export async function weiIn(page: Page, selector: string): Promise<bigint> {
  const amount = page.locator(`${selector} [data-wei]`).first();
  await amount.waitFor({ timeout: 30_000 });
  return BigInt((await amount.getAttribute('data-wei')) ?? '');
}

export interface TestWalletWindow {
  testWallet: { rejectSends: boolean };
}

/**
 * Page script that runs before the app: a minimal injected wallet announcing itself through
 * EIP-6963. It answers account and chain requests itself, refuses to send while
 * `window.testWallet.rejectSends` is set (code 4001, as a person pressing "Reject"), and passes
 * everything else to the current chain's anvil, which signs for its unlocked development accounts.
 * Plain JavaScript source: a transpiled function would carry the test runner's helpers into the page.
 */
export function testWalletScript(options: { rpcUrls: Record<number, string>; account: Address; startChainId: number }): string {
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
