/**
 * Issue 12's attacks on the verifier set, on real chains with LayerZero's own ULN302 and DVN
 * contracts: every Tributary pathway requires both of the devnet's DVNs.
 * (a) One DVN's key is stolen: the thief signs a forged packet crediting 100,000 trETH out of the
 *     hub lockbox. One DVN's verification cannot be committed, so nothing is released.
 * (b) One DVN worker is down: messages wait verified by the other DVN only; when it returns every
 *     message (a composed one included) is delivered exactly once, across a relayer restart.
 * (c) Both DVN keys are stolen: the forged 100,000 trETH credit is verified, committed and
 *     delivered, and the lockbox's inbound limit parks it; nothing is paid during its hold, the
 *     guardian pauses payouts, and the timelock cancels it.
 * (d) An honest transfer parked (payouts paused when it arrived) is released by the relayer once
 *     the timelock lifts the pause and its hold ends.
 * (e) A DVN worker's verification sits in a mempool past its instruction's one-day expiry: the DVN
 *     skips it without reverting, and the worker signs and sends it again.
 *
 * On its own devnet: (b) runs the DVN workers in separate relayers and stops one of them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  concatHex,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  encodePacked,
  http,
  isAddressEqual,
  keccak256,
  numberToHex,
  parseEther,
  parseEventLogs,
  toHex,
  zeroHash,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainName, chainNames, chains, devnetAccounts, devnetDvnSigners, devnetRoles } from '@tributary/config';
import {
  type Manifest,
  addressToBytes32,
  decodePacket,
  dvnAbi,
  encodePacket,
  endpointV2Abi,
  packetHeader,
  packetPayloadHash,
  receiveUln302Abi,
  throughTimelock,
  trETHAbi,
  trETHAdapterAbi,
  trETHOFTAbi,
  viemChain,
} from '@tributary/contracts';
import { type Relayer, devnetServiceKeys, relayerConfig, startRelayer } from '@tributary/relayer';
import { withGasMargin } from '@tributary/sdk';
import { type Devnet, startDevnet } from '../src/index.ts';
import { waitFor } from '../src/wait.ts';
import { testPorts } from './ports.ts';

const sender = 5;
const attackerIndex = 6;
/** OFTCore's shared decimals: amounts travel as 6-decimal units. */
const SHARED_DECIMALS_RATE = 10n ** 12n;
/** Runtime code `STOP`: a composer that accepts every compose call, so the test sees the executor deliver it. */
const ACCEPT_ALL_COMPOSER_INITCODE = '0x6001600c60003960016000f300';

let devnet: Devnet;
let manifest: Manifest;
let dir: string;
const pub = {} as Record<ChainName, PublicClient<Transport, Chain>>;
const relayers: Relayer[] = [];

const wallet = (chain: ChainName, key: Hex): WalletClient<Transport, Chain, Account> =>
  createWalletClient({ chain: viemChain(chain, manifest.chains[chain].rpcUrl), transport: http(), account: privateKeyToAccount(key) });

/**
 * A write with a gas margin: anvil estimates the exact gas a call uses, and a block mined in between
 * (this devnet's oracle, DVN workers and executor keep sending) can make it run out.
 */
async function write(
  chain: ChainName,
  client: WalletClient<Transport, Chain, Account>,
  args: { address: Hex; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint },
): Promise<Hex> {
  const gas = withGasMargin(await pub[chain].estimateContractGas({ ...args, account: client.account } as never));
  return client.writeContract({ ...args, gas } as never);
}
const key = (index: number) => devnetAccounts[index]!.privateKey;

async function mined(chain: ChainName, hash: Hex) {
  const receipt = await pub[chain].waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

/**
 * A relayer running only LayerZero workers: the executor when asked, the DVN workers of `dvnKeys`,
 * and the release of parked credits when asked.
 */
function lzRelayer(database: string, dvns: number[], executor: boolean, parkedRelease = false): Relayer {
  const keys = devnetServiceKeys();
  const options = relayerConfig({
    manifest: devnet.manifestPath,
    keys: { ...keys, dvns: dvns.map((position) => keys.dvns[position]!) },
    duties: { lzDelivery: executor, dvn: dvns.length > 0, localBridge: false, ratePush: false, batchSync: false, backingGuard: false, parkedRelease },
    loopIntervalMs: 100,
    chains: Object.fromEntries(chainNames.map((name) => [name, { rpcPollingIntervalMs: 50 }])),
    database: join(dir, database),
  });
  const relayer = startRelayer(options);
  relayers.push(relayer);
  return relayer;
}

async function stopRelayer(relayer: Relayer) {
  expect(await relayer.stop()).toBe(true);
  relayers.splice(relayers.indexOf(relayer), 1);
}

/** Stakes on the hub and sends trETH through the lockbox; returns the packet as the hub's endpoint emitted it. */
async function bridgeFromHub(to: ChainName, receiver: Address, amount: bigint, composeMsg: Hex = '0x'): Promise<Hex> {
  const hub = manifest.chains.hub.contracts;
  const user = wallet('hub', key(sender));
  const shares = await pub.hub.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'previewDeposit', args: [amount * 2n] });
  await mined('hub', await write('hub', user, { address: hub.TrETH, abi: trETHAbi, functionName: 'depositETH', args: [user.account.address, shares], value: amount * 2n }));
  await mined('hub', await write('hub', user, { address: hub.TrETH, abi: trETHAbi, functionName: 'approve', args: [hub.TrETHAdapter, amount] }));
  const sendParam = { dstEid: chains[to].eid, to: addressToBytes32(receiver), amountLD: amount, minAmountLD: amount, extraOptions: '0x' as Hex, composeMsg, oftCmd: '0x' as Hex };
  const fee = await pub.hub.readContract({ address: hub.TrETHAdapter, abi: trETHAdapterAbi, functionName: 'quoteSend', args: [sendParam, false] });
  // Priced by LayerZero's own fee libraries, as on a public network.
  expect(fee.nativeFee).toBeGreaterThan(0n);
  const receipt = await mined('hub', await write('hub', user, { address: hub.TrETHAdapter, abi: trETHAdapterAbi, functionName: 'send', args: [sendParam, fee, user.account.address], value: fee.nativeFee }));
  const [sent] = parseEventLogs({ abi: endpointV2Abi, eventName: 'PacketSent', logs: receipt.logs });
  return sent!.args.encodedPayload;
}

/** How many times `dvn` verified the packet on its destination (ReceiveUln302 PayloadVerified). */
async function verifications(encoded: Hex, dvn: Address): Promise<number> {
  const { dstEid } = decodePacket(encoded);
  const chain = chainNames.find((name) => chains[name].eid === dstEid)!;
  const logs = await pub[chain].getContractEvents({ address: manifest.chains[chain].contracts.ReceiveUln302, abi: receiveUln302Abi, eventName: 'PayloadVerified', fromBlock: 0n });
  return logs.filter((log) => isAddressEqual(log.args.dvn!, dvn) && log.args.header === packetHeader(encoded) && log.args.proofHash === packetPayloadHash(encoded)).length;
}

/** How many times the packet was delivered to its receiver (EndpointV2 PacketDelivered). */
async function deliveries(encoded: Hex): Promise<number> {
  const packet = decodePacket(encoded);
  const chain = chainNames.find((name) => chains[name].eid === packet.dstEid)!;
  const logs = await pub[chain].getContractEvents({ address: manifest.chains[chain].contracts.EndpointV2, abi: endpointV2Abi, eventName: 'PacketDelivered', fromBlock: 0n });
  return logs.filter((log) => log.args.origin!.srcEid === packet.srcEid && log.args.origin!.sender === packet.sender && log.args.origin!.nonce === packet.nonce && isAddressEqual(log.args.receiver!, packet.receiver)).length;
}

const dvnSigner = (index: 0 | 1) => devnetAccounts[devnetDvnSigners[index]];

/** A DVN.execute instruction for the hub's ReceiveUln302 `callData`, signed with `signerKey` (valid an hour). */
async function signedVerify(dvn: Address, signerKey: Hex, callData: Hex) {
  const hub = manifest.chains.hub.contracts;
  const { timestamp } = await pub.hub.getBlock();
  const expiration = timestamp + 3_600n;
  const vid = await pub.hub.readContract({ address: dvn, abi: dvnAbi, functionName: 'vid' });
  const hash = keccak256(encodePacked(['uint32', 'address', 'uint256', 'bytes'], [vid, hub.ReceiveUln302, expiration, callData]));
  return { vid, target: hub.ReceiveUln302, callData, expiration, signatures: await privateKeyToAccount(signerKey).signMessage({ message: { raw: hash } }) };
}

/** A packet alpha's TrETH never sent: `amount` trETH out of the hub lockbox to `to`, at the lockbox's next inbound nonce from alpha. */
async function forgedLockboxCredit(to: Address, amount: bigint, label: string): Promise<Hex> {
  const hub = manifest.chains.hub.contracts;
  const sender = addressToBytes32(manifest.chains.alpha.contracts.TrETH);
  const inbound = await pub.hub.readContract({ address: hub.EndpointV2, abi: endpointV2Abi, functionName: 'inboundNonce', args: [hub.TrETHAdapter, chains.alpha.eid, sender] });
  return encodePacket({
    nonce: inbound + 1n,
    srcEid: chains.alpha.eid,
    sender,
    dstEid: chains.hub.eid,
    receiver: hub.TrETHAdapter,
    guid: keccak256(toHex(label)),
    message: concatHex([addressToBytes32(to), numberToHex(amount / SHARED_DECIMALS_RATE, { size: 8 })]),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dvn-security-'));
  // No clock: (e) holds transactions in alpha's mempool, which an idle-chain block would mine.
  devnet = await startDevnet({ basePort: testPorts.dvnDevnet, manifestPath: join(dir, 'manifest.json'), beaconPort: testPorts.dvnBeacon, clock: false });
  manifest = devnet.manifest;
  for (const name of chainNames) pub[name] = createPublicClient({ chain: viemChain(name, manifest.chains[name].rpcUrl), transport: http(), pollingInterval: 50, cacheTime: 0 });
});

afterAll(async () => {
  for (const relayer of [...relayers]) await relayer.stop();
  await devnet?.stop();
});

describe('a compromised DVN key', () => {
  it('signs a forged 100,000 trETH credit out of the hub lockbox: verified by one DVN, it is never committed and nothing is released', async () => {
    const relayer = lzRelayer('both.sqlite', [0, 1], true);
    const hub = manifest.chains.hub.contracts;
    const alpha = manifest.chains.alpha.contracts;
    const attacker = privateKeyToAccount(key(attackerIndex)).address;
    // Some real trETH in the lockbox, bridged to alpha through both DVNs.
    const legit = await bridgeFromHub('alpha', privateKeyToAccount(key(sender)).address, parseEther('3'));
    await waitFor('the legitimate transfer to arrive', async () => (await deliveries(legit)) === 1, { timeoutMs: 30_000 });
    const lockboxBefore = await pub.hub.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [hub.TrETHAdapter] });
    expect(lockboxBefore).toBeGreaterThan(0n);

    // The forged packet: alpha's TrETH "sent" 100,000 trETH to the attacker, at the next inbound nonce.
    const origin = { srcEid: chains.alpha.eid, sender: addressToBytes32(alpha.TrETH) };
    const forged = await forgedLockboxCredit(attacker, parseEther('100000'), 'forged credit');
    const inbound = decodePacket(forged).nonce - 1n;
    const header = packetHeader(forged);
    const payloadHash = packetPayloadHash(forged);
    const callData = encodeFunctionData({ abi: receiveUln302Abi, functionName: 'verify', args: [header, payloadHash, 64n] });
    const signedFor = (dvn: Address) => signedVerify(dvn, dvnSigner(0).privateKey, callData);
    // The stolen key is DVN1's signer and admin: its DVN accepts the forgery.
    const thief = wallet('hub', dvnSigner(0).privateKey);
    await mined('hub', await thief.writeContract({ address: hub.DVN1, abi: dvnAbi, functionName: 'execute', args: [[await signedFor(hub.DVN1)]] }));
    expect((await pub.hub.readContract({ address: hub.ReceiveUln302, abi: receiveUln302Abi, functionName: 'hashLookup', args: [keccak256(header), payloadHash, hub.DVN1] }))[0]).toBe(true);
    // The same key means nothing to the second DVN: it is neither its admin nor its signer.
    await expect(
      pub.hub.simulateContract({ account: thief.account, address: hub.DVN2, abi: dvnAbi, functionName: 'execute', args: [[await signedFor(hub.DVN2)]] }),
    ).rejects.toThrow(/AccessControl/);
    // Anyone may commit a verified packet; this one is not: the pathway requires both DVNs.
    await expect(
      pub.hub.simulateContract({ account: thief.account, address: hub.ReceiveUln302, abi: receiveUln302Abi, functionName: 'commitVerification', args: [header, payloadHash] }),
    ).rejects.toThrow(/LZ_ULN_Verifying/);
    const config = await pub.hub.readContract({ address: hub.ReceiveUln302, abi: receiveUln302Abi, functionName: 'getUlnConfig', args: [hub.TrETHAdapter, chains.alpha.eid] });
    expect(config.requiredDVNCount).toBe(2);
    expect(await pub.hub.readContract({ address: hub.ReceiveUln302, abi: receiveUln302Abi, functionName: 'verifiable', args: [config, keccak256(header), payloadHash] })).toBe(false);

    // The honest DVN never saw this packet on alpha, and the executor has nothing it may commit:
    // a later real transfer goes through while the forgery stays unverified.
    const later = await bridgeFromHub('alpha', privateKeyToAccount(key(sender)).address, parseEther('1'));
    await waitFor('a later transfer to arrive', async () => (await deliveries(later)) === 1, { timeoutMs: 30_000 });
    expect(await verifications(forged, hub.DVN2)).toBe(0);
    expect(await pub.hub.readContract({ address: hub.EndpointV2, abi: endpointV2Abi, functionName: 'inboundPayloadHash', args: [hub.TrETHAdapter, origin.srcEid, origin.sender, inbound + 1n] })).toBe(zeroHash);
    expect(await pub.hub.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [attacker] })).toBe(0n);
    // Only the later transfer moved lockbox shares (in), nothing came out.
    expect(await pub.hub.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [hub.TrETHAdapter] })).toBe(lockboxBefore + parseEther('1'));
    await stopRelayer(relayer);
  });
});

describe('a DVN worker that is down', () => {
  it('holds every message verified by one DVN only; when it returns each is delivered exactly once, a composed one included', async () => {
    const alpha = manifest.chains.alpha.contracts;
    const receiver = privateKeyToAccount(key(sender)).address;
    const deployer = wallet('alpha', key(devnetRoles.deployer));
    const composerReceipt = await mined('alpha', await deployer.sendTransaction({ data: ACCEPT_ALL_COMPOSER_INITCODE }));
    const composer = composerReceipt.contractAddress!;
    // The executor and DVN1 run; DVN2's worker is down.
    let first = lzRelayer('executor-dvn1.sqlite', [0], true);
    const balance = (chain: 'alpha' | 'beta', account: Address) =>
      pub[chain].readContract({ address: manifest.chains[chain].contracts.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [account] });
    const [alphaBefore, betaBefore] = [await balance('alpha', receiver), await balance('beta', receiver)];

    const packets = [
      await bridgeFromHub('alpha', receiver, parseEther('2')),
      await bridgeFromHub('beta', receiver, parseEther('3')),
      await bridgeFromHub('alpha', composer, parseEther('1'), '0xc0ffee'),
    ];
    const dvn1 = (encoded: Hex) => manifest.chains[chainNames.find((name) => chains[name].eid === decodePacket(encoded).dstEid)!].contracts.DVN1;
    const dvn2 = (encoded: Hex) => manifest.chains[chainNames.find((name) => chains[name].eid === decodePacket(encoded).dstEid)!].contracts.DVN2;
    await waitFor('DVN1 to verify every message', async () => (await Promise.all(packets.map((p) => verifications(p, dvn1(p))))).every((count) => count === 1), { timeoutMs: 30_000 });

    // A restart of the running relayer while DVN2 is down repeats nothing.
    await stopRelayer(first);
    first = lzRelayer('executor-dvn1.sqlite', [0], true);
    await waitFor('the restarted relayer to finish a pass', async () => first.status.lastLoopAt > 0, { timeoutMs: 10_000 });
    // Passes for a while longer: still waiting, nothing lost, nothing delivered.
    const loops = first.status.lastLoopAt;
    await waitFor('passes over 500 ms more', async () => first.status.lastLoopAt > loops + 500, { timeoutMs: 10_000 });
    for (const packet of packets) {
      expect(await verifications(packet, dvn1(packet))).toBe(1);
      expect(await verifications(packet, dvn2(packet))).toBe(0);
      expect(await deliveries(packet)).toBe(0);
    }
    expect(await balance('alpha', receiver)).toBe(alphaBefore);
    expect(await balance('beta', receiver)).toBe(betaBefore);

    // DVN2's worker comes back, in its own relayer with its own checkpoints.
    const second = lzRelayer('dvn2.sqlite', [1], false);
    await waitFor('every message delivered', async () => (await Promise.all(packets.map(deliveries))).every((count) => count === 1), { timeoutMs: 30_000 });
    await waitFor('the composed message executed', async () => {
      const composed = await pub.alpha.getContractEvents({ address: alpha.EndpointV2, abi: endpointV2Abi, eventName: 'ComposeDelivered', fromBlock: 0n });
      return composed.some((log) => isAddressEqual(log.args.to!, composer) && log.args.guid === decodePacket(packets[2]!).guid);
    }, { timeoutMs: 30_000 });
    expect(await balance('alpha', receiver)).toBe(alphaBefore + parseEther('2'));
    expect(await balance('beta', receiver)).toBe(betaBefore + parseEther('3'));
    expect(await balance('alpha', composer)).toBe(parseEther('1'));

    // Exactly once: more passes of both relayers change nothing.
    const settled = second.status.lastLoopAt;
    await waitFor('more passes', async () => second.status.lastLoopAt > settled + 500 && first.status.lastLoopAt > settled + 500, { timeoutMs: 10_000 });
    for (const packet of packets) {
      expect(await verifications(packet, dvn1(packet))).toBe(1);
      expect(await verifications(packet, dvn2(packet))).toBe(1);
      expect(await deliveries(packet)).toBe(1);
    }
    const composes = await pub.alpha.getContractEvents({ address: alpha.EndpointV2, abi: endpointV2Abi, eventName: 'ComposeDelivered', fromBlock: 0n });
    expect(composes.filter((log) => log.args.guid === decodePacket(packets[2]!).guid)).toHaveLength(1);
    await stopRelayer(second);
    await stopRelayer(first);
  });
});

describe('both DVN keys stolen', () => {
  it('delivers a forged 100,000 trETH lockbox credit that the inbound limit parks: nothing is paid during its hold, the guardian pauses payouts, the timelock cancels it', async () => {
    const hub = manifest.chains.hub.contracts;
    const attacker = wallet('hub', key(attackerIndex));
    const forged = await forgedLockboxCredit(attacker.account.address, parseEther('100000'), 'forged over the limit');
    const packet = decodePacket(forged);
    const header = packetHeader(forged);
    const payloadHash = packetPayloadHash(forged);
    const callData = encodeFunctionData({ abi: receiveUln302Abi, functionName: 'verify', args: [header, payloadHash, 64n] });
    for (const [index, dvn] of [hub.DVN1, hub.DVN2].entries()) {
      const thief = wallet('hub', dvnSigner(index as 0 | 1).privateKey);
      await mined('hub', await thief.writeContract({ address: dvn, abi: dvnAbi, functionName: 'execute', args: [[await signedVerify(dvn, dvnSigner(index as 0 | 1).privateKey, callData)]] }));
    }
    // Both required DVNs verified it: anyone may commit it and execute it.
    await mined('hub', await attacker.writeContract({ address: hub.ReceiveUln302, abi: receiveUln302Abi, functionName: 'commitVerification', args: [header, payloadHash] }));
    const origin = { srcEid: packet.srcEid, sender: packet.sender, nonce: packet.nonce };
    const delivered = await mined(
      'hub',
      await attacker.writeContract({ address: hub.EndpointV2, abi: endpointV2Abi, functionName: 'lzReceive', args: [origin, hub.TrETHAdapter, packet.guid, packet.message, '0x'], gas: 1_000_000n }),
    );
    const [parked] = parseEventLogs({ abi: trETHAdapterAbi, eventName: 'CreditParked', logs: delivered.logs });
    expect(parked?.args).toMatchObject({ guid: packet.guid, to: attacker.account.address, amountLD: parseEther('100000') });
    const balance = () => pub.hub.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [attacker.account.address] });
    expect(await balance()).toBe(0n);

    // Held a window: the attacker cannot release any of it yet, though the window is empty.
    const lockbox = { address: hub.TrETHAdapter, abi: trETHAdapterAbi } as const;
    await expect(pub.hub.simulateContract({ ...lockbox, account: attacker.account, functionName: 'releaseParked', args: [packet.guid] })).rejects.toThrow(/InboundRateLimiter_NotYetReleasable/);
    // The guardian stops every payout at once.
    const guardian = wallet('hub', key(devnetRoles.guardian));
    await mined('hub', await guardian.writeContract({ ...lockbox, functionName: 'pauseReleases' }));
    // Long past the hold, still nothing: the pause holds until the timelock lifts it.
    await pub.hub.request({ method: 'evm_increaseTime' as never, params: [3 * 86_400] as never });
    await pub.hub.request({ method: 'evm_mine' as never, params: [] as never });
    await expect(pub.hub.simulateContract({ ...lockbox, account: attacker.account, functionName: 'releaseParked', args: [packet.guid] })).rejects.toThrow(/InboundRateLimiter_ReleasesPaused/);
    // The owner, the timelock, drops the forgery after its delay; then payouts resume.
    const admin = { publicClient: pub.hub, walletClient: wallet('hub', key(devnetRoles.timelockAdmin)) };
    await throughTimelock(admin, hub.Timelock, [
      { ...lockbox, functionName: 'cancelParked', args: [packet.guid] },
      { ...lockbox, functionName: 'unpauseReleases' },
    ]);
    expect((await pub.hub.readContract({ ...lockbox, functionName: 'parkedCredit', args: [packet.guid] })).status).toBe(3);
    expect(await pub.hub.readContract({ ...lockbox, functionName: 'releasesPaused' })).toBe(false);
    expect(await balance()).toBe(0n);
  });
});

describe('a parked honest transfer', () => {
  it('is released by the relayer, in installments of the limit, once the pause is lifted and its one-window hold ends', async () => {
    const alpha = manifest.chains.alpha.contracts;
    const oft = { address: alpha.TrETH, abi: trETHAbi } as const;
    const receiver = privateKeyToAccount(key(sender)).address;
    const guardian = wallet('alpha', key(devnetRoles.guardian));
    const timelockAdmin = { publicClient: pub.alpha, walletClient: wallet('alpha', key(devnetRoles.timelockAdmin)) };
    const [limitBefore, window] = await pub.alpha.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'inboundCapacity', args: [chains.hub.eid] });
    const setLimit = (limit: bigint) =>
      throughTimelock(timelockAdmin, alpha.Timelock, [{ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'setInboundLimits', args: [[{ srcEid: chains.hub.eid, limit, window: Number(window) }]] }]);
    // A limit of 1 trETH a window: the 2 trETH transfer goes in two installments.
    await setLimit(parseEther('1'));
    await mined('alpha', await guardian.writeContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'pauseReleases' }));
    const relayer = lzRelayer('parked.sqlite', [0, 1], true, true);
    const before = await pub.alpha.readContract({ ...oft, functionName: 'balanceOf', args: [receiver] });
    const packet = await bridgeFromHub('alpha', receiver, parseEther('2'));
    await waitFor('the transfer delivered and parked', async () => (await deliveries(packet)) === 1, { timeoutMs: 30_000 });
    const { guid } = decodePacket(packet);
    const parked = () => pub.alpha.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'parkedCredit', args: [guid] });
    expect((await parked()).status).toBe(1);
    // The timelock lifts the pause; the credit is still in its hold, so the relayer waits.
    await throughTimelock(timelockAdmin, alpha.Timelock, [
      { address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'unpauseReleases' },
    ]);
    const passes = relayer.status.lastLoopAt;
    await waitFor('relayer passes after the unpause', async () => relayer.status.lastLoopAt > passes + 300, { timeoutMs: 10_000 });
    expect((await parked()).status).toBe(1);
    // A window later (alpha's clock moved on), the relayer releases it, one installment per
    // window: nobody else has to.
    // Alpha's clock moves to when the next installment is due: its hold, and what earlier files
    // sent from the hub decaying at the lowered limit.
    const nextWindow = async () => {
      const due = await pub.alpha.readContract({ address: alpha.TrETH, abi: trETHOFTAbi, functionName: 'releasableAt', args: [guid] });
      const { timestamp } = await pub.alpha.getBlock();
      if (due > timestamp) await pub.alpha.request({ method: 'evm_increaseTime' as never, params: [Number(due - timestamp)] as never });
      await pub.alpha.request({ method: 'evm_mine' as never, params: [] as never });
    };
    const balance = () => pub.alpha.readContract({ ...oft, functionName: 'balanceOf', args: [receiver] });
    await nextWindow();
    await waitFor('the relayer to release the first installment', async () => (await parked()).paidSD > 0n, { timeoutMs: 30_000 });
    expect(await balance()).toBe(before + parseEther('1'));
    expect((await parked()).status).toBe(1);
    await nextWindow();
    await waitFor('the relayer to release the last installment', async () => (await parked()).status === 2, { timeoutMs: 30_000 });
    expect(await balance()).toBe(before + parseEther('2'));
    await stopRelayer(relayer);
    await setLimit(limitBefore);
  });
});

describe('a DVN verification stuck in the mempool', () => {
  it('is signed and sent again when mined after its instruction expired, and the message is delivered once', async () => {
    const receiver = privateKeyToAccount(key(sender)).address;
    const balance = () => pub.alpha.readContract({ address: manifest.chains.alpha.contracts.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [receiver] });
    const before = await balance();
    const rpc = (method: string, params: unknown[] = []) => pub.alpha.request({ method: method as never, params: params as never });
    // Alpha mines only when told to: the first worker's DVN.execute waits there, as in a congested mempool.
    await rpc('evm_setAutomine', [false]);
    try {
      const relayer = lzRelayer('stuck.sqlite', [0, 1], true);
      const packet = await bridgeFromHub('alpha', receiver, parseEther('1'));
      await waitFor('a verification to wait in alpha\'s mempool', async () => {
        const status = (await rpc('txpool_status')) as { pending: Hex };
        return BigInt(status.pending) >= 1n;
      }, { timeoutMs: 30_000 });
      // A day and a minute pass before a block takes it: an instruction is valid for a day.
      await rpc('evm_increaseTime', [86_400 + 60]);
      await rpc('evm_mine');
      const dvn = manifest.chains.alpha.contracts;
      expect(await verifications(packet, dvn.DVN1)).toBe(0);
      expect(await verifications(packet, dvn.DVN2)).toBe(0);
      await rpc('evm_setAutomine', [true]);
      await waitFor('the message delivered', async () => (await deliveries(packet)) === 1, { timeoutMs: 60_000 });
      expect(await verifications(packet, dvn.DVN1)).toBe(1);
      expect(await verifications(packet, dvn.DVN2)).toBe(1);
      expect(await balance()).toBe(before + parseEther('1'));
      await stopRelayer(relayer);
    } finally {
      await rpc('evm_setAutomine', [true]);
    }
  });
});
