import { describe, expect, it } from 'vitest';
import { type Hex, concatHex, keccak256, numberToHex, parseEther, parseEventLogs, toHex } from 'viem';
import { chains, spokeNames } from '@tributary/config';
import {
  addressToBytes32,
  encodePacket,
  packetHeader,
  packetPayloadHash,
  rateReceiverAbi,
  receiveUln302Abi,
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
    // Compared with the hub's current rate on every poll: a report may land while we wait.
    for (const spoke of spokeNames) await waitFor(`${spoke} rate`, async () => (await spokeRate(spoke)) === (await hubRate()));
  });

  it('mints trETH on alpha at once for an ETH deposit, exactly as quoted', async () => {
    const wallet = net.alpha.wallet(staker);
    const receiver = wallet.account.address;
    const assets = parseEther('1.5');
    const quote = (blockNumber?: bigint) =>
      net.alpha.public.readContract({ address: alpha.SpokePool, abi: spokePoolAbi, functionName: 'quoteDeposit', args: [assets], blockNumber });
    // Reports keep moving the rate on the devnet: accept 1% slippage, then compare with the quote
    // for the exact state the deposit ran on (one transaction per block, so the block before).
    const [quotedNow] = await quote();
    const before = await net.alpha.public.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [receiver] });

    const hash = await wallet.writeContract({ address: alpha.SpokePool, abi: spokePoolAbi, functionName: 'deposit', args: [receiver, (quotedNow * 99n) / 100n], value: assets });
    const receipt = await confirmed('alpha', hash);
    const [quotedShares, fee] = await quote(receipt.blockNumber - 1n);

    const after = await net.alpha.public.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [receiver] });
    expect(after - before).toBe(quotedShares);
    expect(fee).toBeGreaterThan(0n);
    const [deposited] = parseEventLogs({ abi: spokePoolAbi, eventName: 'Deposited', logs: receipt.logs });
    expect(deposited?.args).toMatchObject({ receiver, assets, shares: quotedShares, fee });
    console.info(`gas: spoke deposit (first for this account) ${receipt.gasUsed}`);
  });

  it('deposits ETH on the hub at the current rate', async () => {
    const wallet = net.hub.wallet(bridger);
    const receiver = wallet.account.address;
    const assets = parseEther('2');
    const expected = await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'previewDeposit', args: [assets] });
    const receipt = await confirmed('hub', await wallet.writeContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'depositETH', args: [receiver, expected], value: assets }));
    const balance = await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [receiver] });
    expect(balance).toBe(expected);
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
    // Spoke batches lock shares in the same lockbox meanwhile: compare across the send's own block
    // (anvil mines one transaction per block).
    const locked = (blockNumber: bigint) =>
      net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [hub.TrETHAdapter], blockNumber });
    expect((await locked(sent.blockNumber)) - (await locked(sent.blockNumber - 1n))).toBe(amount);
  });

  it('refuses to commit a packet that anyone but the two required DVNs verified', async () => {
    const attacker = net.alpha.wallet(staker);
    // A hub -> alpha OFT credit the hub never sent, "verified" by the attacker's own account.
    const forged = encodePacket({
      nonce: 1_000_000n,
      srcEid: chains.hub.eid,
      sender: addressToBytes32(hub.TrETHAdapter),
      dstEid: chains.alpha.eid,
      receiver: alpha.TrETH,
      guid: keccak256(toHex('forged')),
      message: concatHex([addressToBytes32(attacker.account.address), numberToHex(10n ** 12n, { size: 8 })]),
    });
    const library = { address: alpha.ReceiveUln302, abi: receiveUln302Abi } as const;
    await confirmed('alpha', await attacker.writeContract({ ...library, functionName: 'verify', args: [packetHeader(forged), packetPayloadHash(forged), 64n] }));
    await expect(
      net.alpha.public.simulateContract({ account: attacker.account, ...library, functionName: 'commitVerification', args: [packetHeader(forged), packetPayloadHash(forged)] }),
    ).rejects.toThrow(/LZ_ULN_Verifying/);
  });
});
