import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Address, Hex } from 'viem';
import { getBlockNumber } from 'viem/actions';
import { useConfig } from 'wagmi';
import { getAccount } from 'wagmi/actions';
import { type ChainName, chains } from '@tributary/config';
import {
  type ParkedCredit,
  explainMinedRevert,
  getBridgeDelivery,
  parseBridgeReceipt,
  prepareBridge,
  prepareBridgeApproval,
  quoteBridge,
} from '@tributary/sdk';
import { type UserError, describeError } from './errors';
import { useManifest } from './hooks';
import { chainRefOf } from './sdk';
import { clientOf, ensureWalletOn, sendRequest, waitForReceipt } from './tx';

export type BridgeStatus = 'switching' | 'approving' | 'confirming' | 'sending' | 'sent' | 'verified' | 'parked' | 'delivered' | 'failed';

export interface BridgeTransfer {
  from: ChainName;
  to: ChainName;
  amount: bigint;
  status: BridgeStatus;
  switched: boolean;
  /** Whether the hub lockbox needed an allowance first. */
  approved: boolean;
  approveHash?: Hex;
  sendHash?: Hex;
  guid?: Hex;
  nonce?: bigint;
  /** The destination transactions that verified and delivered the LayerZero packet. */
  verifiedHash?: Hex;
  deliveredHash?: Hex;
  received?: bigint;
  /** The destination's inbound limit parked the credit: what is paid so far and when the rest can go. */
  parked?: Pick<ParkedCredit, 'paid' | 'releasableAt' | 'arrivesInFullAt' | 'releasesPaused'>;
  error?: UserError;
  /** The step a failed transfer stopped at. */
  failedAt?: Exclude<BridgeStatus, 'failed'>;
}

export interface BridgeRequest {
  from: ChainName;
  to: ChainName;
  amount: bigint;
  owner: Address;
}

/** How often the destination is asked whether the packet was verified or delivered. */
const TRACK_INTERVAL_MS = 500;

/**
 * Moves trETH between two chains and follows it across: approve (hub lockbox only), LayerZero
 * send on the source, then the destination endpoint's `PacketVerified` for the packet's nonce
 * and the OFT's `OFTReceived` for its guid; or its `CreditParked`, when the destination's inbound
 * limit holds the credit, until every installment is released.
 */
export function useBridge() {
  const config = useConfig();
  const manifest = useManifest();
  const queryClient = useQueryClient();
  const [transfer, setTransfer] = useState<BridgeTransfer | undefined>();
  const busy = useRef(false);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const bridge = useCallback(
    async ({ from, to, amount, owner }: BridgeRequest) => {
      if (busy.current) return;
      busy.current = true;
      const srcId = chains[from].chainId;
      const dstId = chains[to].chainId;
      let state: BridgeTransfer = { from, to, amount, status: 'confirming', switched: false, approved: false };
      const update = (next: Partial<BridgeTransfer>) => {
        state = { ...state, ...next };
        if (alive.current) setTransfer(state);
      };
      try {
        if (getAccount(config).chainId !== srcId) update({ status: 'switching' });
        update({ switched: await ensureWalletOn(config, srcId), status: 'confirming' });
        const account = getAccount(config).address ?? owner;
        const source = chainRefOf(manifest, from);
        const destination = chainRefOf(manifest, to);
        const src = clientOf(config, srcId);
        const approval = await prepareBridgeApproval(src, { from: source, amount, account });
        if (approval) {
          update({ status: 'approving', approved: true });
          const approveHash = await sendRequest(config, approval);
          update({ approveHash });
          const approved = await waitForReceipt(config, srcId, approveHash);
          if (approved.status !== 'success') throw await explainMinedRevert(src, source, approval, approved);
          update({ status: 'confirming' });
        }
        const quote = await quoteBridge(src, { from: source, to: destination, amount, recipient: owner });
        const request = await prepareBridge(src, { from: source, quote, account });
        // Logs on the destination are searched from here on: the packet cannot arrive before it is sent.
        const dst = clientOf(config, dstId);
        const dstFromBlock = await getBlockNumber(dst, { cacheTime: 0 });
        const sendHash = await sendRequest(config, request);
        update({ status: 'sending', sendHash });
        const receipt = await waitForReceipt(config, srcId, sendHash);
        if (receipt.status !== 'success') throw await explainMinedRevert(src, source, request, receipt);

        const message = parseBridgeReceipt(receipt, { from: source });
        update({ status: 'sent', guid: message.guid, nonce: message.nonce });

        while (alive.current) {
          const delivery = await getBridgeDelivery(dst, { from: source, to: destination, message, fromBlock: dstFromBlock });
          if (delivery.verifiedHash && !state.verifiedHash) update({ status: 'verified', verifiedHash: delivery.verifiedHash });
          if (delivery.status === 'delivered') {
            update({ status: 'delivered', ...(delivery.deliveredHash ? { deliveredHash: delivery.deliveredHash } : {}), ...(delivery.received === undefined ? {} : { received: delivery.received }) });
            void queryClient.invalidateQueries();
            break;
          }
          if (delivery.status === 'parked' && delivery.credit) {
            const { paid, releasableAt, arrivesInFullAt, releasesPaused } = delivery.credit;
            update({ status: 'parked', parked: { paid, releasableAt, arrivesInFullAt, releasesPaused } });
            // Held for a window at least: the notice says when; the balances show the arrival.
            void queryClient.invalidateQueries();
            break;
          }
          await new Promise((done) => setTimeout(done, TRACK_INTERVAL_MS));
        }
      } catch (error) {
        const failedAt = state.status === 'failed' ? 'confirming' : state.status;
        update({ status: 'failed', failedAt, error: describeError(error, { chainLabel: chains[from].label }) });
      } finally {
        busy.current = false;
      }
    },
    [config, manifest, queryClient],
  );

  const reset = useCallback(() => setTransfer(undefined), []);
  return { transfer, bridge, reset };
}
