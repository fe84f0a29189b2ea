/**
 * Issue 11, finding 3 on real chains: a node operator front-runs the pool's validator deposit by
 * depositing 1 ETH for its own next key with withdrawal credentials it controls (the beacon chain
 * keeps the first deposit's credentials). The relayer's deposit guardians must refuse to sign and
 * pause the DepositSecurityModule, so the pool's 32 ETH never goes to that key.
 *
 * On its own devnet, like the relayer fault tests: the attack pauses deposits, which the shared
 * suite devnet's other files need. Its relayer runs only the guardians and the keeper.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Account,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  concatHex,
  createPublicClient,
  createWalletClient,
  http,
  isAddressEqual,
  padHex,
  parseEther,
  sliceHex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccounts, devnetGuardians, devnetOperators, devnetRoles } from '@tributary/config';
import { type Manifest, beaconDepositContractAbi, depositDataRoot, depositSecurityModuleAbi, nodeOperatorRegistryAbi, throughTimelock, trETHAbi, viemChain } from '@tributary/contracts';
import { type Relayer, devnetServiceKeys, relayerConfig, startRelayer } from '@tributary/relayer';
import { type Devnet, startDevnet } from '../src/index.ts';
import { waitFor } from '../src/wait.ts';
import { testPorts } from './ports.ts';

const staker = 5;
const GWEI = 10n ** 9n;

let devnet: Devnet;
let relayer: Relayer;
let manifest: Manifest;
let hub: PublicClient<Transport, Chain>;
const logs: { msg: string; fields: Record<string, unknown> }[] = [];

const wallet = (index: number): WalletClient<Transport, Chain, Account> =>
  createWalletClient({ chain: viemChain('hub', manifest.chains.hub.rpcUrl), transport: http(), account: privateKeyToAccount(devnetAccounts[index]!.privateKey) });
const contracts = () => manifest.chains.hub.contracts;
const pool = () => ({ address: contracts().TrETH, abi: trETHAbi }) as const;
const dsm = () => ({ address: contracts().DepositSecurityModule, abi: depositSecurityModuleAbi }) as const;
const registry = () => ({ address: contracts().NodeOperatorRegistry, abi: nodeOperatorRegistryAbi }) as const;
const depositedValidators = async () => (await hub.readContract({ ...pool(), functionName: 'beaconStats' }))[0];
const depositEvents = () => hub.getContractEvents({ address: contracts().BeaconDepositContract, abi: beaconDepositContractAbi, eventName: 'DepositEvent', fromBlock: 0n });

async function mined(hash: Hex) {
  const receipt = await hub.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

/** The operator whose next undeposited key is `pubkey`, and that key's registered signature. */
async function ownerOfNextKey(pubkey: Hex): Promise<{ operatorId: bigint; signature: Hex }> {
  for (let id = 0n; id < BigInt(devnetOperators.length); id++) {
    const { depositedKeys } = await hub.readContract({ ...registry(), functionName: 'getOperator', args: [id] });
    const [key, signature] = await hub.readContract({ ...registry(), functionName: 'getSigningKey', args: [id, depositedKeys] });
    if (key === pubkey) return { operatorId: id, signature };
  }
  throw new Error(`no operator has ${pubkey} as its next key`);
}

/** Waits for `passes` more turns of the relayer's loop: each gave the guardians and keeper a chance to act. */
async function relayerPasses(passes: number) {
  let seen = 0;
  let last = relayer.status.lastLoopAt;
  await waitFor(`${passes} relayer passes`, () => {
    if (relayer.status.lastLoopAt !== last) {
      last = relayer.status.lastLoopAt;
      seen += 1;
    }
    return seen >= passes;
  }, { timeoutMs: 60_000, intervalMs: 20 });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deposit-security-'));
  devnet = await startDevnet({ basePort: testPorts.dsmDevnet, manifestPath: join(dir, 'manifest.json'), beaconPort: testPorts.dsmBeacon });
  manifest = devnet.manifest;
  hub = createPublicClient({ chain: viemChain('hub', manifest.chains.hub.rpcUrl), transport: http(), pollingInterval: 50, cacheTime: 0 });
  const config = relayerConfig({
    manifest: devnet.manifestPath,
    keys: devnetServiceKeys(),
    beaconUrl: devnet.beaconUrl,
    duties: { keeper: true, guardian: true, ratePush: false, batchSync: false, backingGuard: false },
    loopIntervalMs: 100,
    database: ':memory:',
  });
  relayer = startRelayer(config, { log: (_level, msg, fields = {}) => void logs.push({ msg, fields }) });
}, 180_000);

afterAll(async () => {
  await relayer?.stop();
  await devnet?.stop();
});

describe('deposit security against an operator front-run', { timeout: 120_000 }, () => {
  it('stakes through the guardians\' quorum before any attack', async () => {
    const before = await depositedValidators();
    const account = wallet(staker);
    await mined(await account.writeContract({ ...pool(), functionName: 'depositETH', args: [account.account.address, 0n], value: parseEther('32') }));
    await waitFor('the keeper to stake through the DepositSecurityModule', async () => (await depositedValidators()) > before);
    const guarded = await hub.getContractEvents({ ...dsm(), eventName: 'GuardedDeposit', fromBlock: 0n });
    expect(guarded).toHaveLength(1);
    expect(guarded[0]!.args.count).toBe(1n);
    // The keeper account holds no role on the pool: the module is its only depositor.
    const keeperRole = await hub.readContract({ ...pool(), functionName: 'KEEPER_ROLE' });
    expect(await hub.readContract({ ...pool(), functionName: 'hasRole', args: [keeperRole, devnetAccounts[devnetRoles.keeper].address] })).toBe(false);
    expect(await hub.readContract({ ...pool(), functionName: 'hasRole', args: [keeperRole, contracts().DepositSecurityModule] })).toBe(true);
  });

  it('pauses deposits and never sends the pool\'s 32 ETH to a key its operator deposited to first', async () => {
    // Nothing stakeable is left, so the keeper cannot race the attacker.
    expect(await hub.readContract({ ...pool(), functionName: 'availableLiquidity' })).toBeLessThan(parseEther('32'));
    const target = sliceHex(await hub.readContract({ ...registry(), functionName: 'nextKeys', args: [1n] }), 0, 48);
    // The operator that owns the next key to be used attacks with it.
    const { operatorId, signature } = await ownerOfNextKey(target);
    const attacker = wallet(devnetOperators[Number(operatorId)]!);
    // Lower-case, as the DepositEvent carries it.
    const attackerCredentials = concatHex(['0x01', padHex('0x', { size: 11 }), attacker.account.address]).toLowerCase() as Hex;
    await mined(
      await attacker.writeContract({
        address: contracts().BeaconDepositContract,
        abi: beaconDepositContractAbi,
        functionName: 'deposit',
        args: [target, attackerCredentials, signature, depositDataRoot(target, attackerCredentials, signature, GWEI)],
        value: parseEther('1'),
      }),
    );

    await waitFor('a guardian to pause deposits', () => hub.readContract({ ...dsm(), functionName: 'paused' }));
    const [paused] = await hub.getContractEvents({ ...dsm(), eventName: 'DepositsPaused', fromBlock: 0n });
    expect(devnetGuardians.some((index) => isAddressEqual(devnetAccounts[index].address, paused!.args.guardian!))).toBe(true);
    expect(logs.some((line) => line.msg.includes('refusing to sign') && String(line.fields.pubkeys).includes(target))).toBe(true);

    // Now the pool has 32 ETH to stake, and the keeper keeps trying.
    const validators = await depositedValidators();
    const account = wallet(staker);
    await mined(await account.writeContract({ ...pool(), functionName: 'depositETH', args: [account.account.address, 0n], value: parseEther('32') }));
    const buffered = await hub.readContract({ ...pool(), functionName: 'bufferedEther' });
    await relayerPasses(20);

    expect(await hub.readContract({ ...pool(), functionName: 'bufferedEther' })).toBe(buffered);
    expect(await depositedValidators()).toBe(validators);
    const poolCredentials = (await hub.readContract({ ...pool(), functionName: 'withdrawalCredentials' })).toLowerCase();
    const toTarget = (await depositEvents()).filter((event) => event.args.pubkey === target);
    expect(toTarget).toHaveLength(1);
    expect(toTarget[0]!.args.withdrawal_credentials).toBe(attackerCredentials);
    expect(toTarget.some((event) => event.args.withdrawal_credentials === poolCredentials)).toBe(false);
    // The beacon chain holds the key with the attacker's credentials and only its 1 ETH.
    const response = await fetch(`${devnet.beaconUrl}/eth/v1/beacon/states/head/validators?id=${target}`);
    const [validator] = ((await response.json()) as { data: { balance: string; validator: { withdrawal_credentials: string } }[] }).data;
    expect(validator).toMatchObject({ balance: String(GWEI), validator: { withdrawal_credentials: attackerCredentials } });
  });

  it('stakes again once the admin drops the operator and unpauses through the timelock, never to the front-run key', async () => {
    const target = (await hub.getContractEvents({ address: contracts().BeaconDepositContract, abi: beaconDepositContractAbi, eventName: 'DepositEvent', fromBlock: 0n })).at(-1)!.args.pubkey!;
    const { operatorId } = await ownerOfNextKey(target);
    // Both are admin calls: one timelocked batch, so deposits restart only without the operator.
    await throughTimelock({ publicClient: hub, walletClient: wallet(devnetRoles.timelockAdmin) }, contracts().Timelock, [
      { ...registry(), functionName: 'setOperatorActive', args: [operatorId, false] },
      { ...dsm(), functionName: 'unpauseDeposits' },
    ]);
    const before = await depositedValidators();
    await waitFor('the keeper to stake the buffered 32 ETH', async () => (await depositedValidators()) > before);
    expect(await hub.readContract({ ...dsm(), functionName: 'paused' })).toBe(false);
    const poolCredentials = (await hub.readContract({ ...pool(), functionName: 'withdrawalCredentials' })).toLowerCase();
    const toTarget = (await depositEvents()).filter((event) => event.args.pubkey === target);
    expect(toTarget.some((event) => event.args.withdrawal_credentials === poolCredentials)).toBe(false);
  });
});
