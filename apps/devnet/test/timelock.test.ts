/**
 * Issue 12, timelocked administration on the suite's devnet: every contract's owner, admin and
 * LayerZero delegate is its chain's TimelockController; a configuration change sent without the
 * delay is refused, the same change scheduled and executed after the delay lands, and the guardian
 * pauses a spoke pool at once while lifting the pause waits out the delay. On the hub, neither pause
 * key (guardian, loss guard) can resume TrETH or the withdrawal queue: only the timelock can.
 */
import { type Abi, type Address, type Hex, BaseError, ContractFunctionRevertedError, encodeFunctionData, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainName, devnetAccounts, devnetRoles, devnetTimelockDelay, spokeNames } from '@tributary/config';
import {
  backingLedgerAbi,
  depositSecurityModuleAbi,
  endpointV2Abi,
  executeTimelocked,
  isTimelockReady,
  scheduleTimelocked,
  spokePoolAbi,
  throughTimelock,
  timelockControllerAbi,
  trETHAbi,
  withdrawalQueueAbi,
} from '@tributary/contracts';
import { testDevnet } from './clients.ts';

const { manifest, chains: net } = testDevnet();
const deployer = devnetAccounts[devnetRoles.deployer].address;
const DEFAULT_ADMIN_ROLE = zeroHash;

const timelockOf = (chain: ChainName) => manifest.chains[chain].contracts.Timelock;
const admin = (chain: ChainName) => ({ publicClient: net[chain].public, walletClient: net[chain].wallet(devnetRoles.timelockAdmin) });
const alphaPool = () => ({ address: manifest.chains.alpha.contracts.SpokePool, abi: spokePoolAbi }) as const;
const maxRateAge = () => net.alpha.public.readContract({ ...alphaPool(), functionName: 'maxRateAge' });
const paused = () => net.alpha.public.readContract({ ...alphaPool(), functionName: 'paused' });

/** The custom error a call would revert with, by simulating it from `account`. */
async function revertOf(chain: ChainName, account: Address, call: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] }): Promise<string | undefined> {
  try {
    await net[chain].public.simulateContract({ account, ...call } as never);
    return undefined;
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((cause) => cause instanceof ContractFunctionRevertedError) : undefined;
    if (!(reverted instanceof ContractFunctionRevertedError)) throw error;
    return reverted.data?.errorName;
  }
}

describe('timelocked administration on the devnet', { timeout: 60_000 }, () => {
  let wiredMaxRateAge: bigint;
  beforeAll(async () => {
    wiredMaxRateAge = await maxRateAge();
  });

  afterAll(async () => {
    // Leave alpha as the suite found it: unpaused, with the wired rate age.
    const restore = [];
    if (await paused()) restore.push({ ...alphaPool(), functionName: 'unpause' });
    if ((await maxRateAge()) !== wiredMaxRateAge) restore.push({ ...alphaPool(), functionName: 'setMaxRateAge', args: [Number(wiredMaxRateAge)] });
    if (restore.length > 0) await throughTimelock(admin('alpha'), timelockOf('alpha'), restore);
  });

  it('makes each chain\'s timelock the owner and LayerZero delegate of every owned contract, and the hub\'s admin', async () => {
    const hubContracts = manifest.chains.hub.contracts;
    const owned = (chain: ChainName): readonly Address[] =>
      chain === 'hub'
        ? [hubContracts.TrETHAdapter, hubContracts.RateBroadcaster, hubContracts.BackingLedger, hubContracts.LocalBridgeHub]
        : [manifest.chains[chain].contracts.TrETH, manifest.chains[chain].contracts.SpokePool, manifest.chains[chain].contracts.RateReceiver];
    for (const chain of ['hub', ...spokeNames] as const) {
      const client = net[chain].public;
      const timelock = timelockOf(chain);
      expect(await client.readContract({ address: timelock, abi: timelockControllerAbi, functionName: 'getMinDelay' })).toBe(BigInt(devnetTimelockDelay));
      expect(await client.readContract({ address: timelock, abi: timelockControllerAbi, functionName: 'hasRole', args: [DEFAULT_ADMIN_ROLE, deployer] })).toBe(false);
      for (const address of owned(chain)) {
        expect(await client.readContract({ address, abi: backingLedgerAbi, functionName: 'owner' })).toBe(timelock);
        expect(await client.readContract({ address, abi: backingLedgerAbi, functionName: 'pendingOwner' })).toBe('0x0000000000000000000000000000000000000000');
      }
      // LocalBridgeHub is no OApp; every other owned contract is, and its delegate sets its libraries and DVNs.
      for (const address of owned(chain).filter((each) => each !== manifest.chains.hub.contracts.LocalBridgeHub)) {
        expect(await client.readContract({ address: manifest.chains[chain].contracts.EndpointV2, abi: endpointV2Abi, functionName: 'delegates', args: [address] })).toBe(timelock);
      }
    }
    const hub = manifest.chains.hub.contracts;
    for (const address of [hub.TrETH, hub.WithdrawalQueue, hub.NodeOperatorRegistry, hub.TributaryOracle, hub.OracleReportSanityChecker, hub.DepositSecurityModule]) {
      expect(await net.hub.public.readContract({ address, abi: depositSecurityModuleAbi, functionName: 'hasRole', args: [DEFAULT_ADMIN_ROLE, timelockOf('hub')] })).toBe(true);
      expect(await net.hub.public.readContract({ address, abi: depositSecurityModuleAbi, functionName: 'hasRole', args: [DEFAULT_ADMIN_ROLE, deployer] })).toBe(false);
    }
    const pauser = await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'PAUSER_ROLE' });
    expect(await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'hasRole', args: [pauser, deployer] })).toBe(false);
    expect(await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'hasRole', args: [pauser, devnetAccounts[devnetRoles.guardian].address] })).toBe(true);
    // The relayer's loss guard keeps its own pause key.
    expect(await net.hub.public.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'hasRole', args: [pauser, devnetAccounts[devnetRoles.lossGuard].address] })).toBe(true);
  });

  it('refuses a config change submitted without the timelock delay, and lands it once the delay has passed', async () => {
    const newAge = wiredMaxRateAge + 60n;
    const change = { ...alphaPool(), functionName: 'setMaxRateAge', args: [Number(newAge)] } as const;
    // Straight to the pool, from the former deployer or from the timelock's own proposer: not the owner.
    expect(await revertOf('alpha', deployer, change)).toBe('OwnableUnauthorizedAccount');
    expect(await revertOf('alpha', devnetAccounts[devnetRoles.timelockAdmin].address, change)).toBe('OwnableUnauthorizedAccount');
    // Nor can the former deployer (the OApps' delegate while deploying) swap a route's library on the endpoint.
    const endpoint = { address: manifest.chains.alpha.contracts.EndpointV2, abi: endpointV2Abi } as const;
    const library = await net.alpha.public.readContract({ ...endpoint, functionName: 'defaultSendLibrary', args: [manifest.chains.hub.eid] });
    const librarySwap = { ...endpoint, functionName: 'setSendLibrary', args: [manifest.chains.alpha.contracts.TrETH, manifest.chains.hub.eid, library] } as const;
    expect(await revertOf('alpha', deployer, librarySwap)).toBe('LZ_Unauthorized');
    // Through the timelock but asking for no delay.
    const payload = encodeFunctionData({ abi: spokePoolAbi, functionName: 'setMaxRateAge', args: [Number(newAge)] });
    const noDelay = { address: timelockOf('alpha'), abi: timelockControllerAbi, functionName: 'schedule', args: [change.address, 0n, payload, zeroHash, zeroHash, 0n] } as const;
    expect(await revertOf('alpha', devnetAccounts[devnetRoles.timelockAdmin].address, noDelay)).toBe('TimelockInsufficientDelay');

    // Scheduled with the delay: executing it at once is refused by the timelock itself.
    const operation = await scheduleTimelocked(admin('alpha'), timelockOf('alpha'), [change]);
    const executeNow = { address: timelockOf('alpha'), abi: timelockControllerAbi, functionName: 'executeBatch', args: [operation.targets, operation.values, operation.payloads, zeroHash, operation.salt] } as const;
    expect(await isTimelockReady(net.alpha.public, operation)).toBe(false);
    expect(await revertOf('alpha', devnetAccounts[devnetRoles.timelockAdmin].address, executeNow)).toBe('TimelockUnexpectedOperationState');
    expect(await maxRateAge()).toBe(wiredMaxRateAge);

    await executeTimelocked(admin('alpha'), operation);
    expect(await maxRateAge()).toBe(newAge);
    const executedAt = (await net.alpha.public.getBlock()).timestamp;
    expect(executedAt).toBeGreaterThanOrEqual(operation.readyAt);
  });

  it('lets the guardian pause a spoke pool at once, and makes unpausing wait out the delay', async () => {
    const guardian = net.alpha.wallet(devnetRoles.guardian);
    const hash: Hex = await guardian.writeContract({ ...alphaPool(), functionName: 'pause' });
    expect((await net.alpha.public.waitForTransactionReceipt({ hash })).status).toBe('success');
    expect(await paused()).toBe(true);
    // The guardian cannot lift its own pause, nor move the pause key.
    expect(await revertOf('alpha', guardian.account.address, { ...alphaPool(), functionName: 'unpause' })).toBe('OwnableUnauthorizedAccount');
    expect(await revertOf('alpha', guardian.account.address, { ...alphaPool(), functionName: 'setGuardian', args: [deployer] })).toBe('OwnableUnauthorizedAccount');

    const operation = await scheduleTimelocked(admin('alpha'), timelockOf('alpha'), [{ ...alphaPool(), functionName: 'unpause' }]);
    expect(await isTimelockReady(net.alpha.public, operation)).toBe(false);
    expect(await paused()).toBe(true);
    await executeTimelocked(admin('alpha'), operation);
    expect(await paused()).toBe(false);
  });

  it('lets no hub pause key resume TrETH or the withdrawal queue: every resume is the timelock\'s', async () => {
    const hub = manifest.chains.hub.contracts;
    const trETH = { address: hub.TrETH, abi: trETHAbi } as const;
    const resumes = [
      { ...trETH, functionName: 'resumeDeposits' },
      { ...trETH, functionName: 'resumeInstantWithdrawals' },
      { address: hub.WithdrawalQueue, abi: withdrawalQueueAbi, functionName: 'resumeRequests' },
    ] as const;
    // Simulated only: the shared devnet stays unpaused. A role check runs before any state check.
    for (const key of [devnetRoles.guardian, devnetRoles.lossGuard]) {
      for (const resume of resumes) expect(await revertOf('hub', devnetAccounts[key].address, resume)).toBe('AccessControlUnauthorizedAccount');
    }
    // The timelock passes the role check: TrETH's resumes go through, the queue's finds nothing paused.
    expect(await revertOf('hub', timelockOf('hub'), resumes[0])).toBeUndefined();
    expect(await revertOf('hub', timelockOf('hub'), resumes[1])).toBeUndefined();
    expect(await revertOf('hub', timelockOf('hub'), resumes[2])).toBe('WithdrawalQueue_RequestsNotPaused');
  });
});
