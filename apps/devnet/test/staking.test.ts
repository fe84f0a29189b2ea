/**
 * The hub's staking cycle on the devnet, driven only by the real services: the keeper stakes
 * buffered ETH through the registry and the deposit contract, the beacon simulator activates the
 * validators and accrues rewards, three oracle members report by quorum, the rate rises and the
 * relayer carries it to both spokes; withdrawals finalize by report and are claimed; a slashing
 * lowers the rate.
 */
import { type Address, isAddressEqual, parseEther, parseEventLogs } from 'viem';
import { describe, expect, inject, it } from 'vitest';
import { chains, spokeNames } from '@tributary/config';
import {
  addressToBytes32,
  beaconDepositContractAbi,
  endpointV2Abi,
  rateBroadcasterAbi,
  rateReceiverAbi,
  trETHAbi,
  tributaryOracleAbi,
  withdrawalQueueAbi,
} from '@tributary/contracts';
import { waitFor } from '../src/wait.ts';
import { testDevnet } from './clients.ts';

const { manifest, chains: net } = testDevnet();
const hub = manifest.chains.hub.contracts;
/** This file's own accounts. */
const staker = 7;
const funder = 8;
/** A frame is 12 one-second slots and finality trails by 8: a report lands within ~25 s. */
const REPORT_TIMEOUT = { timeoutMs: 90_000, intervalMs: 250 };

const hubRate = () => net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'getRate' });
const lastApplied = () => net.hub.public.readContract({ address: hub.TributaryOracle, abi: tributaryOracleAbi, functionName: 'lastAppliedRefSlot' });
const beaconStats = () => net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'beaconStats' });
const spokeRate = (spoke: (typeof spokeNames)[number]) =>
  net[spoke].public.readContract({ address: manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' }).then(([rate]) => rate);

async function send(hash: `0x${string}`) {
  const receipt = await net.hub.public.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

describe('hub staking cycle through the services', { timeout: 120_000 }, () => {
  it('stakes deposits 32 ETH per validator through the keeper', async () => {
    const wallet = net.hub.wallet(staker);
    await send(await wallet.writeContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'depositETH', args: [wallet.account.address, 0n], value: parseEther('64') }));
    await waitFor('the keeper to stake two validators', async () => (await beaconStats())[0] >= 2n);
    const count = await net.hub.public.readContract({ address: hub.BeaconDepositContract, abi: beaconDepositContractAbi, functionName: 'get_deposit_count' });
    expect(BigInt(`0x${count.slice(2).match(/../g)!.reverse().join('')}`)).toBeGreaterThanOrEqual(2n);
  });

  it('raises the rate by oracle quorum as rewards accrue, and carries it to both spokes', async () => {
    const before = await hubRate();
    const appliedBefore = await lastApplied();
    await waitFor('a report that raises the rate', async () => (await hubRate()) > before, REPORT_TIMEOUT);
    expect(await lastApplied()).toBeGreaterThan(appliedBefore);

    const [, beaconValidators] = await beaconStats();
    expect(beaconValidators).toBeGreaterThanOrEqual(1n);

    const rate = await hubRate();
    for (const spoke of spokeNames) {
      await waitFor(`${spoke} to receive rate ${rate}`, async () => (await spokeRate(spoke)) >= rate);
      const delivered = await net[spoke].public.getContractEvents({ address: manifest.chains[spoke].contracts.EndpointV2, abi: endpointV2Abi, eventName: 'PacketDelivered', fromBlock: 0n });
      const fromBroadcaster = delivered.filter(
        (log) =>
          log.args.origin?.sender?.toLowerCase() === addressToBytes32(hub.RateBroadcaster).toLowerCase() &&
          isAddressEqual(log.args.receiver as Address, manifest.chains[spoke].contracts.RateReceiver),
      );
      expect(fromBroadcaster.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('finalizes a withdrawal request by report and pays it on claim', async () => {
    const wallet = net.hub.wallet(staker);
    const owner = wallet.account.address;
    const shares = parseEther('1');
    await send(await wallet.writeContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'approve', args: [hub.WithdrawalQueue, shares] }));
    const receipt = await send(await wallet.writeContract({ address: hub.WithdrawalQueue, abi: withdrawalQueueAbi, functionName: 'requestWithdrawal', args: [shares, owner] }));
    const [requested] = parseEventLogs({ abi: withdrawalQueueAbi, eventName: 'WithdrawalRequested', logs: receipt.logs });
    const requestId = requested!.args.requestId;
    // The buffer was staked; new deposits fund withdrawals (no validator exits on the devnet), and
    // the keeper leaves what unfinalized requests need in the buffer.
    const depositor = net.hub.wallet(funder);
    await send(await depositor.writeContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'depositETH', args: [depositor.account.address, 0n], value: parseEther('2') }));

    await waitFor(`request ${requestId} to be finalized`, async () =>
      (await net.hub.public.readContract({ address: hub.WithdrawalQueue, abi: withdrawalQueueAbi, functionName: 'lastFinalizedRequestId' })) >= requestId,
      REPORT_TIMEOUT,
    );
    const request = await net.hub.public.readContract({ address: hub.WithdrawalQueue, abi: withdrawalQueueAbi, functionName: 'getRequest', args: [requestId] });
    // Paid at the request-time rate or the lower finalization-time one, never more.
    expect(request.ethFinalized).toBeLessThanOrEqual((shares * request.rateAtRequest) / 10n ** 18n);
    expect(request.ethFinalized).toBeGreaterThan(0n);

    const balanceBefore = await net.hub.public.getBalance({ address: owner });
    const claim = await send(await wallet.writeContract({ address: hub.WithdrawalQueue, abi: withdrawalQueueAbi, functionName: 'claim', args: [requestId] }));
    const balanceAfter = await net.hub.public.getBalance({ address: owner });
    expect(balanceAfter - balanceBefore + claim.gasUsed * claim.effectiveGasPrice).toBe(request.ethFinalized);
  });

  it('broadcasts each report at most once per spoke (no fee spent resending old reports)', async () => {
    const [reports, broadcasts] = await Promise.all([
      net.hub.public.getContractEvents({ address: hub.TrETH, abi: trETHAbi, eventName: 'OracleReportHandled', fromBlock: 0n }),
      net.hub.public.getContractEvents({ address: hub.RateBroadcaster, abi: rateBroadcasterAbi, eventName: 'RateBroadcast', fromBlock: 0n }),
    ]);
    expect(reports.length).toBeGreaterThan(0);
    for (const spoke of spokeNames) {
      const toSpoke = broadcasts.filter((event) => event.args.dstEid === chains[spoke].eid);
      // One per applied report, plus the deployment-time rate.
      expect(toSpoke.length).toBeLessThanOrEqual(reports.length + 1);
      expect(new Set(toSpoke.map((event) => event.args.reportTime)).size).toBe(toSpoke.length);
    }
  });

  it('lowers the rate after a slashing the beacon chain reports', async () => {
    const [validator] = await net.hub.public.getContractEvents({ address: hub.BeaconDepositContract, abi: beaconDepositContractAbi, eventName: 'DepositEvent', fromBlock: 0n });
    const response = await fetch(`${inject('beaconUrl')}/tributary/v1/slash`, {
      method: 'POST',
      body: JSON.stringify({ pubkey: validator!.args.pubkey, amount_gwei: String(500_000_000n) }),
    });
    expect(response.status).toBe(200);
    const before = await hubRate();
    await waitFor('a report that lowers the rate', async () => (await hubRate()) < before, REPORT_TIMEOUT);
  });
});
