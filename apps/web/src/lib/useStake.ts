import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { Address, Hex } from 'viem';
import { useConfig } from 'wagmi';
import { getAccount } from 'wagmi/actions';
import { type ChainName, chains } from '@tributary/config';
import { explainMinedRevert, parseStakeReceipt, prepareStake } from '@tributary/sdk';
import { type UserError, describeError } from './errors';
import { useManifest } from './hooks';
import { chainRefOf } from './sdk';
import { clientOf, ensureWalletOn, sendRequest, waitForReceipt } from './tx';

export type StakePhase =
  | { step: 'idle' }
  | { step: 'switching'; chain: ChainName; assets: bigint }
  | { step: 'confirming'; chain: ChainName; assets: bigint; switched: boolean }
  | { step: 'pending'; chain: ChainName; assets: bigint; switched: boolean; hash: Hex }
  | { step: 'done'; chain: ChainName; assets: bigint; switched: boolean; hash: Hex; shares: bigint }
  | { step: 'failed'; chain: ChainName; assets: bigint; error: UserError; hash?: Hex };

export interface StakeRequest {
  chain: ChainName;
  assets: bigint;
  /** Fewest trETH the staker accepts; the contract reverts below it. */
  minShares: bigint;
  receiver: Address;
}

/**
 * Stakes on any chain in one action: switches the wallet to that chain if needed, then the SDK's
 * `prepareStake` (a stale rate or a pause is explained before the wallet asks), the wallet sends
 * it, and `parseStakeReceipt` reads the minted shares.
 */
export function useStake() {
  const config = useConfig();
  const manifest = useManifest();
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<StakePhase>({ step: 'idle' });
  const busy = useRef(false);

  const stake = useCallback(
    async ({ chain, assets, minShares, receiver }: StakeRequest) => {
      if (busy.current) return;
      busy.current = true;
      const chainId = chains[chain].chainId;
      let hash: Hex | undefined;
      try {
        if (getAccount(config).chainId !== chainId) setPhase({ step: 'switching', chain, assets });
        const switched = await ensureWalletOn(config, chainId);
        setPhase({ step: 'confirming', chain, assets, switched });
        const account = getAccount(config).address ?? receiver;
        const ref = chainRefOf(manifest, chain);
        const request = await prepareStake(clientOf(config, chainId), { chain: ref, assets, minShares, receiver, account });
        hash = await sendRequest(config, request);
        setPhase({ step: 'pending', chain, assets, switched, hash });
        const receipt = await waitForReceipt(config, chainId, hash);
        if (receipt.status !== 'success') throw await explainMinedRevert(clientOf(config, chainId), ref, request, receipt);
        setPhase({ step: 'done', chain, assets, switched, hash, shares: parseStakeReceipt(receipt, { chain: ref }).shares });
        // Show the new balances now rather than at the next block poll.
        void queryClient.invalidateQueries();
      } catch (error) {
        setPhase({ step: 'failed', chain, assets, error: describeError(error, { chainLabel: chains[chain].label }), ...(hash ? { hash } : {}) });
      } finally {
        busy.current = false;
      }
    },
    [config, manifest, queryClient],
  );

  const reset = useCallback(() => setPhase({ step: 'idle' }), []);
  return { phase, stake, reset };
}
