import type { Client } from 'viem';
import { getBacking } from './actions/backing.js';
import { getBridgeLimits, quoteBridge } from './actions/bridge.js';
import { getRate } from './actions/rate.js';
import { getStakeTerms, quoteStake } from './actions/stake.js';
import { getWithdrawalTerms, getWithdrawalsOf } from './actions/withdraw.js';

/** TanStack Query's options for a read action: what a wagmi-style hook passes to `useQuery`. */
export interface ActionQueryOptions<R> {
  queryKey: readonly ['tributary', string, unknown];
  queryFn: () => Promise<R>;
}

/** Params as a query key: plain JSON (bigints as strings, clients dropped), so any cache can hash it. */
function keyOf(params: unknown): unknown {
  return JSON.parse(
    JSON.stringify(params, (_, value: unknown) => {
      if (typeof value === 'bigint') return value.toString();
      if (isClient(value)) return { client: value.uid, chainId: value.chain?.id };
      return value;
    }),
  );
}

function isClient(value: unknown): value is Client {
  return typeof value === 'object' && value !== null && 'uid' in value && 'request' in value && 'transport' in value;
}

/** Query options for `action`: keyed by its name and params, fetched with `client`. */
function queryOptionsOf<P, R>(name: string, action: (client: Client, params: P) => Promise<R>) {
  return (client: Client, params: P): ActionQueryOptions<R> => ({
    queryKey: ['tributary', name, keyOf({ client, params })],
    queryFn: () => action(client, params),
  });
}

/** Query options for {@link getRate}. */
export const getRateQueryOptions = queryOptionsOf('getRate', getRate);
/** Query options for {@link getStakeTerms}. */
export const getStakeTermsQueryOptions = queryOptionsOf('getStakeTerms', getStakeTerms);
/** Query options for {@link quoteStake}. */
export const quoteStakeQueryOptions = queryOptionsOf('quoteStake', quoteStake);
/** Query options for {@link getBridgeLimits}. */
export const getBridgeLimitsQueryOptions = queryOptionsOf('getBridgeLimits', getBridgeLimits);
/** Query options for {@link quoteBridge}. */
export const quoteBridgeQueryOptions = queryOptionsOf('quoteBridge', quoteBridge);
/** Query options for {@link getWithdrawalsOf}. */
export const getWithdrawalsOfQueryOptions = queryOptionsOf('getWithdrawalsOf', getWithdrawalsOf);
/** Query options for {@link getBacking} (the spokes' clients are in the params; the key keeps their chain ids). */
export const getBackingQueryOptions = queryOptionsOf('getBacking', getBacking);
/** Query options for {@link getWithdrawalTerms}. */
export const getWithdrawalTermsQueryOptions = queryOptionsOf('getWithdrawalTerms', getWithdrawalTerms);
