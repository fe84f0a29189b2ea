import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type Address, type Hex, erc20Abi, isAddressEqual, parseEventLogs } from 'viem';
import { getBlockNumber, getContractEvents, readContract } from 'viem/actions';
import { useConfig } from 'wagmi';
import { getAccount } from 'wagmi/actions';
import { type ChainName, chains } from '@tributary/config';
import { endpointV2Abi } from '@tributary/contracts/abis';
import { decodePacket } from '@tributary/contracts/layerzero';
import { type ParkedCredit, parkedCredit } from '@tributary/sdk';
import { isOurPacket, oftAbi, oftOf, sendParamFor, tokenOf } from './bridge';
import { type UserError, describeError } from './errors';
import { useManifest } from './hooks';
import { clientOf, ensureWalletOn, sendContractCall, waitForReceipt } from './tx';

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
  /** Least trETH that must arrive; the OFT reverts below it. */
  minAmount: bigint;
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
    async ({ from, to, amount, minAmount, owner }: BridgeRequest) => {
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
        const oft = oftOf(manifest, from);
        const src = clientOf(config, srcId);
        if (from === 'hub') {
          const allowance = await readContract(src, { address: tokenOf(manifest, 'hub'), abi: erc20Abi, functionName: 'allowance', args: [account, oft] });
          if (allowance < amount) {
            update({ status: 'approving', approved: true });
            const approveHash = await sendContractCall(config, srcId, { address: tokenOf(manifest, 'hub'), abi: erc20Abi, functionName: 'approve', args: [oft, amount], account });
            update({ approveHash });
            const approval = await waitForReceipt(config, srcId, approveHash);
            if (approval.status !== 'success') throw new Error(`The approval reverted on ${chains[from].label}.`);
            update({ status: 'confirming' });
          }
        }
        const sendParam = sendParamFor(to, owner, amount, minAmount);
        const fee = await readContract(src, { address: oft, abi: oftAbi, functionName: 'quoteSend', args: [sendParam, false] });
        // Logs on the destination are searched from here on: the packet cannot arrive before it is sent.
        const dst = clientOf(config, dstId);
        const dstFromBlock = await getBlockNumber(dst, { cacheTime: 0 });
        const sendHash = await sendContractCall(config, srcId, { address: oft, abi: oftAbi, functionName: 'send', args: [sendParam, fee, account], value: fee.nativeFee, account });
        update({ status: 'sending', sendHash });
        const receipt = await waitForReceipt(config, srcId, sendHash);
        if (receipt.status !== 'success') throw new Error(`The send reverted on ${chains[from].label}; no trETH left your wallet.`);

        const [sent] = parseEventLogs({ abi: oftAbi, eventName: 'OFTSent', logs: receipt.logs.filter((log) => isAddressEqual(log.address, oft)) });
        const srcEndpoint = manifest.chains[from].contracts.EndpointV2;
        const [packetSent] = parseEventLogs({ abi: endpointV2Abi, eventName: 'PacketSent', logs: receipt.logs.filter((log) => isAddressEqual(log.address, srcEndpoint)) });
        if (!sent || !packetSent) throw new Error(`The send on ${chains[from].label} emitted no LayerZero packet.`);
        const packet = decodePacket(packetSent.args.encodedPayload);
        update({ status: 'sent', guid: sent.args.guid, nonce: packet.nonce });

        const dstEndpoint = manifest.chains[to].contracts.EndpointV2;
        const dstOft = oftOf(manifest, to);
        while (alive.current && state.status !== 'delivered') {
          // Delivery first: verification precedes it on chain, so a delivery seen here means the
          // verification below is visible too (asked the other way round, both could land between
          // the two reads and the verification's hash would be missed).
          const receipts = await getContractEvents(dst, { address: dstOft, abi: oftAbi, eventName: 'OFTReceived', args: { guid: sent.args.guid }, fromBlock: dstFromBlock });
          const [parkedLog] = await getContractEvents(dst, { address: dstOft, abi: oftAbi, eventName: 'CreditParked', args: { guid: sent.args.guid }, fromBlock: dstFromBlock });
          if (!state.verifiedHash) {
            const verified = await getContractEvents(dst, { address: dstEndpoint, abi: endpointV2Abi, eventName: 'PacketVerified', fromBlock: dstFromBlock });
            const ours = verified.find((log) => isOurPacket(log.args.origin!, log.args.receiver!, packet));
            if (ours) update({ status: 'verified', verifiedHash: ours.transactionHash });
          }
          // A parked credit arrives in one or more releases (installments of the limit); a credit
          // that fit arrives with the delivery.
          const credit = parkedLog ? await parkedCredit(dst, { oft: dstOft, guid: sent.args.guid }) : undefined;
          const last = receipts.at(-1);
          if (last && (!credit || credit.status === 'released')) {
            const received = receipts.reduce((sum, log) => sum + (log.args.amountReceivedLD ?? 0n), 0n);
            update({ status: 'delivered', deliveredHash: last.transactionHash, received });
            void queryClient.invalidateQueries();
            break;
          }
          if (credit?.status === 'parked') {
            const { paid, releasableAt, arrivesInFullAt, releasesPaused } = credit;
            update({ status: 'parked', verifiedHash: state.verifiedHash ?? parkedLog!.transactionHash, parked: { paid, releasableAt, arrivesInFullAt, releasesPaused } });
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
