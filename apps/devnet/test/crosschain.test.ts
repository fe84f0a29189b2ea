import { describe, expect, it } from 'vitest';
import { type Hex, isAddressEqual, parseEther, parseEventLogs } from 'viem';
import { chains, devnetAccounts, devnetRoles, spokeNames } from '@tributary/config';
import {
  addressToBytes32,
  endpointV2Abi,
  rateReceiverAbi,
  simpleMessageLibAbi,
  spokePoolAbi,
  trETHAbi,
  trETHAdapterAbi,
  trETHOFTAbi,
} from '@tributary/contracts';
import { waitFor } from '../src/wait.ts';
import { testDevnet } from './clients.ts';

const { manifest, chains: net } = testDevnet();
const hub = manifest.chains.hub.contracts;
const alpha = manifest.chains.alpha.contracts;

/** This file's own accounts; other suites use other indexes. */
const staker = 3;
const bridger = 4;

async function confirmed(chain: keyof typeof net, hash: Hex) {
  const receipt = await net[chain].public.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

async function spokeRate(spoke: (typeof spokeNames)[number]): Promise<bigint> {
  const [rate] = await net[spoke].public.readContract({
    address: manifest.chains[spoke].contracts.RateReceiver,
    abi: rateReceiverAbi,
    functionName: 'rateAndUpdatedAt',
  });
  return rate;
}

async function hubRate(): Promise<bigint> {
  return net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'getRate' });
}

describe('devnet: three anvil chains with real LayerZero endpoints', () => {
  it('relays the hub rate to both spokes once the relayer starts', async () => {
    const rate = await hubRate();
    for (const spoke of spokeNames) await waitFor(`${spoke} rate`, async () => (await spokeRate(spoke)) === rate);
  });

  it('mints trETH on alpha at once for an ETH deposit, exactly as quoted', async () => {
    const wallet = net.alpha.wallet(staker);
    const receiver = wallet.account.address;
    const assets = parseEther('1.5');
    const [quotedShares, fee] = await net.alpha.public.readContract({
      address: alpha.SpokePool,
      abi: spokePoolAbi,
      functionName: 'quoteDeposit',
      args: [assets],
    });
    const before = await net.alpha.public.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [receiver] });

    const hash = await wallet.writeContract({ address: alpha.SpokePool, abi: spokePoolAbi, functionName: 'deposit', args: [receiver, quotedShares], value: assets });
    const receipt = await confirmed('alpha', hash);

    const after = await net.alpha.public.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [receiver] });
    expect(after - before).toBe(quotedShares);
    expect(fee).toBeGreaterThan(0n);
    const [deposited] = parseEventLogs({ abi: spokePoolAbi, eventName: 'Deposited', logs: receipt.logs });
    expect(deposited?.args).toMatchObject({ receiver, assets, shares: quotedShares, fee });
    console.info(`gas: spoke deposit (first for this account) ${receipt.gasUsed}`);
  });

  it('carries a hub rate change to both spokes through the endpoints', async () => {
    const staking = net.hub.wallet(staker);
    await confirmed('hub', await staking.writeContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'depositETH', args: [staking.account.address, 0n], value: parseEther('10') }));
    const rateBefore = await hubRate();

    const owner = net.hub.wallet(devnetRoles.deployer);
    await confirmed('hub', await owner.writeContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'distributeRewards', value: parseEther('0.05') }));
    const rateAfter = await hubRate();
    expect(rateAfter).toBeGreaterThan(rateBefore);

    for (const spoke of spokeNames) {
      await waitFor(`${spoke} to receive rate ${rateAfter}`, async () => (await spokeRate(spoke)) === rateAfter);
      // Delivered by the spoke's EndpointV2 from the hub broadcaster, not written around it.
      const delivered = await net[spoke].public.getContractEvents({
        address: manifest.chains[spoke].contracts.EndpointV2,
        abi: endpointV2Abi,
        eventName: 'PacketDelivered',
        fromBlock: 0n,
      });
      const fromBroadcaster = delivered.filter(
        (log) =>
          log.args.origin?.sender === addressToBytes32(hub.RateBroadcaster).toLowerCase() &&
          log.args.receiver !== undefined &&
          isAddressEqual(log.args.receiver, manifest.chains[spoke].contracts.RateReceiver),
      );
      expect(fromBroadcaster.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('deposits ETH on the hub at the current rate', async () => {
    const wallet = net.hub.wallet(bridger);
    const receiver = wallet.account.address;
    const assets = parseEther('2');
    const expected = await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'previewDeposit', args: [assets] });
    const receipt = await confirmed('hub', await wallet.writeContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'depositETH', args: [receiver, expected], value: assets }));
    const balance = await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [receiver] });
    expect(balance).toBe(expected);
    expect(expected).toBeLessThan(assets);
    console.info(`gas: hub depositETH (first for this account) ${receipt.gasUsed}`);
  });

  it('bridges hub trETH to alpha through the lockbox, keeping supply backed', async () => {
    const wallet = net.hub.wallet(bridger);
    const account = wallet.account.address;
    const amount = parseEther('0.5');
    await confirmed('hub', await wallet.writeContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'approve', args: [hub.TrETHAdapter, amount] }));
    const sendParam = {
      dstEid: chains.alpha.eid,
      to: addressToBytes32(account),
      amountLD: amount,
      minAmountLD: amount,
      extraOptions: '0x' as Hex,
      composeMsg: '0x' as Hex,
      oftCmd: '0x' as Hex,
    };
    const fee = await net.hub.public.readContract({ address: hub.TrETHAdapter, abi: trETHAdapterAbi, functionName: 'quoteSend', args: [sendParam, false] });
    const alphaBefore = await net.alpha.public.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [account] });
    const sent = await confirmed('hub', await wallet.writeContract({ address: hub.TrETHAdapter, abi: trETHAdapterAbi, functionName: 'send', args: [sendParam, fee, account], value: fee.nativeFee }));
    console.info(`gas: bridge hub -> alpha (OFT adapter send) ${sent.gasUsed}`);

    await waitFor('bridged trETH on alpha', async () => {
      const balance = await net.alpha.public.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [account] });
      return balance === alphaBefore + amount;
    });
    const locked = await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [hub.TrETHAdapter] });
    expect(locked).toBe(amount);
  });

  it('refuses to verify a packet submitted by anyone but the configured verifier', async () => {
    const attacker = net.alpha.wallet(staker);
    expect(attacker.account.address).not.toBe(devnetAccounts[devnetRoles.lzDelivery].address);
    const forged = '0x01' as Hex;
    await expect(
      net.alpha.public.simulateContract({
        account: attacker.account,
        address: alpha.SimpleMessageLib,
        abi: simpleMessageLibAbi,
        functionName: 'validatePacket',
        args: [forged],
      }),
    ).rejects.toThrow(/OnlyWhitelistCaller/);
  });
});
