import type { Address, Hash } from 'viem';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type Backing,
  type ContractRequest,
  type TributaryErrorName,
  getRate,
  getWithdrawalsOf,
  prepareStake,
  type RateInfo,
  type StakeQuote,
  type Tributary,
  type TributaryManifest,
  createTributary,
  decodeTributaryError,
  trETHAbi,
} from '../src/index.js';
import { fromManifestFile } from '../src/node.js';
import { manifest } from './fixtures.js';

describe('public API types', () => {
  it('types chain names from a manifest declared as const', () => {
    const tributary = createTributary({ manifest });
    expectTypeOf(tributary).toEqualTypeOf<Tributary<typeof manifest>>();
    expectTypeOf(tributary.getRate).parameter(0).toEqualTypeOf<'hub' | 'alpha'>();
    // @ts-expect-error: 'gamma' is not a chain of this manifest
    void tributary.getRate('gamma');
    expectTypeOf(tributary.hub).toEqualTypeOf<'hub' | 'alpha'>();
  });

  it('accepts any chain name for a manifest read at run time', () => {
    const tributary = createTributary({ manifest: fromManifestFile('deployments/local.json') });
    expectTypeOf(tributary).toEqualTypeOf<Tributary<TributaryManifest>>();
    expectTypeOf(tributary.getRate).parameter(0).toEqualTypeOf<string>();
  });

  it('returns bigint amounts and typed results', () => {
    const tributary = createTributary({ manifest });
    expectTypeOf(tributary.getRate).returns.resolves.toEqualTypeOf<RateInfo>();
    expectTypeOf<RateInfo['rate']>().toEqualTypeOf<bigint>();
    expectTypeOf<RateInfo['blockNumber']>().toEqualTypeOf<bigint>();
    expectTypeOf(tributary.quoteStake).returns.resolves.toEqualTypeOf<StakeQuote>();
    expectTypeOf(tributary.stake).parameter(1).toEqualTypeOf<bigint>();
    expectTypeOf(tributary.stake).returns.resolves.toHaveProperty('shares').toEqualTypeOf<bigint>();
    expectTypeOf(tributary.stake).returns.resolves.toHaveProperty('hash').toEqualTypeOf<Hash>();
    expectTypeOf(tributary.requestWithdrawal).returns.resolves.toHaveProperty('requestId').toEqualTypeOf<bigint>();
    expectTypeOf(tributary.getBacking).returns.resolves.toEqualTypeOf<Backing>();
    expectTypeOf(tributary.bridge).parameter(3).toEqualTypeOf<{ recipient?: Address; slippageBps?: number } | undefined>();
  });

  it('ships the ABIs as const, so viem infers function names and results', () => {
    type Names = Extract<(typeof trETHAbi)[number], { type: 'function' }>['name'];
    expectTypeOf<'depositETH'>().toMatchTypeOf<Names>();
    expectTypeOf<'getRate'>().toMatchTypeOf<Names>();
    expectTypeOf(decodeTributaryError).returns.toEqualTypeOf<unknown>();
  });

  it('types the actions: (client, params), prepare* a request for any wallet, decoded error names from the ABIs', () => {
    expectTypeOf(prepareStake).returns.resolves.toEqualTypeOf<ContractRequest>();
    expectTypeOf(prepareStake).parameter(1).toHaveProperty('account').toEqualTypeOf<Address>();
    expectTypeOf(getRate).returns.resolves.toEqualTypeOf<RateInfo>();
    expectTypeOf(getWithdrawalsOf).returns.resolves.items.toHaveProperty('status').toEqualTypeOf<'pending' | 'claimable' | 'claimed'>();
    expectTypeOf<'SpokePool_StaleRate'>().toMatchTypeOf<TributaryErrorName>();
    // @ts-expect-error: not an error of any contract
    expectTypeOf<'SpokePool_Typo'>().toMatchTypeOf<TributaryErrorName>();
  });

  it('refuses a manifest without the contracts the SDK calls', () => {
    // @ts-expect-error: a spoke needs SpokePool and RateReceiver
    createTributary({ manifest: { chains: { alpha: { role: 'spoke', chainId: 1, eid: 1, rpcUrl: 'http://x', contracts: { TrETH: '0x0' } } } } });
  });
});
