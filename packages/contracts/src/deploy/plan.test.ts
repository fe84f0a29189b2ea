/** The production network file planned without a chain: what an operator reviews with `deploy --plan`. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Address, decodeFunctionData, getAddress, keccak256, toBytes } from 'viem';
import { backingLedgerAbi, timelockControllerAbi } from '../generated/abis.ts';
import { LzConfigError } from '../lz-config/config.ts';
import { NetworkFileError, readNetworkFile } from './network.ts';
import { formatPlan } from './print.ts';
import { planSystem } from './system.ts';

const productionPath = new URL('../../../../contracts/config/networks/production.json', import.meta.url);
const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, '0')}`);
const deployer = address(0xd0);
const multisig = address(0xa1);

/** production.json with every REQUIRED role holder filled in, as an operator would before planning. */
function filledProduction(): { deployment: Record<string, unknown>; pathways: Record<string, unknown>[] } {
  const file = JSON.parse(readFileSync(productionPath, 'utf8'));
  file.deployment.roles = {
    timelock: { delay: 172_800, proposers: [multisig], executors: [multisig] },
    guardian: address(0xa2),
    treasury: address(0xa3),
    lossGuard: address(0xa4),
    oracleMembers: [address(0xb1), address(0xb2), address(0xb3)],
    depositGuardians: [address(0xc1), address(0xc2), address(0xc3)],
    depositQuorum: 2,
  };
  return file;
}

const nonces = { ethereum: 0, optimism: 0, arbitrum: 0 };

describe('planning the production network', () => {
  it('refuses the file while role holders are placeholders, naming each', () => {
    const file = JSON.parse(readFileSync(productionPath, 'utf8'));
    let error: unknown;
    try {
      readNetworkFile('production.json', file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NetworkFileError);
    const fields = (error as NetworkFileError).issues.map((issue) => `${issue.where}.${issue.field}`);
    expect(fields).toEqual(expect.arrayContaining(['deployment.roles.guardian', 'deployment.roles.timelock.proposers[0]', 'deployment.roles.oracleMembers[2]']));
    expect((error as Error).message).toMatch(/^production\.json cannot be deployed \(11 issues\)/);
  });

  it('plans every chain from the deployer alone, ending with the timelock holding everything', () => {
    const network = readNetworkFile('production.json', filledProduction());
    const plan = planSystem(network, { deployer, nonces });
    expect(Object.keys(plan.chains)).toEqual(['ethereum', 'optimism', 'arbitrum']);
    const hub = plan.chains.ethereum!;
    // Public chains bring their own LayerZero, WETH and deposit contract: none is deployed.
    expect(hub.contracts.WETH).toBe('0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2');
    expect(hub.transactions.filter((tx) => tx.creates).map((tx) => tx.contract)).not.toContain('EndpointV2');
    for (const chain of Object.values(plan.chains)) {
      // Nonces run without a gap from the first, so every planned address holds.
      expect(chain.transactions.map((tx) => tx.nonce)).toEqual(chain.transactions.map((_, index) => index));
      const [schedule, execute] = chain.transactions.slice(-2);
      expect([schedule?.functionName, execute?.functionName]).toEqual(['scheduleBatch', 'executeBatch']);
      const { args } = decodeFunctionData({ abi: timelockControllerAbi, data: execute!.data });
      const [targets, , payloads] = args as unknown as [Address[], bigint[], `0x${string}`[]];
      const calls = payloads.map((data, index) => {
        const target = targets[index]!;
        const abi = target === chain.contracts.Timelock ? timelockControllerAbi : backingLedgerAbi;
        const decoded = decodeFunctionData({ abi, data });
        return { target, functionName: decoded.functionName, args: decoded.args as readonly unknown[] };
      });
      // The batch takes every role from the deployer and sets the two-day delay.
      for (const role of ['PROPOSER_ROLE', 'CANCELLER_ROLE', 'EXECUTOR_ROLE']) {
        expect(calls).toContainEqual({ target: chain.contracts.Timelock, functionName: 'revokeRole', args: [keccak256(toBytes(role)), deployer] });
        expect(calls).toContainEqual({ target: chain.contracts.Timelock, functionName: 'grantRole', args: [keccak256(toBytes(role)), multisig] });
      }
      expect(calls).toContainEqual({ target: chain.contracts.Timelock, functionName: 'updateDelay', args: [172_800n] });
      expect(calls.filter((call) => call.functionName === 'acceptOwnership').length).toBe(3);
    }
  });

  it('plans each canonical bridge with both halves naming each other', () => {
    const plan = planSystem(readNetworkFile('production.json', filledProduction()), { deployer, nonces });
    const hub = plan.chains.ethereum!;
    for (const [spoke, receiverContract] of [['optimism', 'OpStackHubReceiver'], ['arbitrum', 'ArbitrumHubReceiver']] as const) {
      const receiver = hub.transactions.find((tx) => tx.contract === receiverContract)!;
      const adapter = plan.chains[spoke]!.transactions.find((tx) => tx.creates === plan.chains[spoke]!.contracts.BridgeAdapter)!;
      expect(receiver.args[3]).toBe(adapter.creates);
      expect(adapter.args[1]).toBe(receiver.creates);
      expect(hub.transactions.find((tx) => tx.functionName === 'setSpoke' && tx.args[1] === receiver.creates)).toBeDefined();
    }
  });

  it('prints every transaction with the names of the addresses it touches', () => {
    const plan = planSystem(readNetworkFile('production.json', filledProduction()), { deployer, nonces });
    const text = formatPlan(plan, { guardian: address(0xa2) });
    const total = Object.values(plan.chains).reduce((sum, chain) => sum + chain.transactions.length, 0);
    expect(text).toContain(`${total} transactions on 3 chains. Nothing was sent.`);
    expect(text).toMatch(/ethereum \(hub, chain id 1, eid 30101\): \d+ transactions from 0x0{38}d0, nonces 0-\d+/i);
    expect(text).toMatch(/TrETH\.grantRole\(KEEPER_ROLE, DepositSecurityModule 0x/);
    expect(text).toMatch(/Timelock\.scheduleBatch: 11 calls, no delay yet: RateBroadcaster, TrETHAdapter, BackingLedger acceptOwnership; .*delay set to 172800 s/);
    expect(text).toMatch(/TrETHAdapter\.setGuardian\(guardian 0x00000000000000000000000000000000000000A2\)/);
    const peer = (chain: string, name: string) => plan.chains[chain]!.contracts[name]!;
    expect(text).toContain(`TrETH.setPeer(30101: ethereum.TrETHAdapter ${peer('ethereum', 'TrETHAdapter')})`);
    // Contracts on different chains share addresses (same deployer, same nonces): each peer is named on its own chain.
    expect(text).toContain(`TrETHAdapter.setPeer(30111: optimism.TrETH ${peer('optimism', 'TrETH')})`);
    expect(text).toContain(`RateBroadcaster.setPeer(30110: arbitrum.RateReceiver ${peer('arbitrum', 'RateReceiver')})`);
    // Which DVNs verify, by name and address, not only how many.
    expect(text).toContain(
      'EndpointV2.setConfig: TrETHAdapter: executor layerzero-labs 0x173272739Bd7Aa6e4e214714048a9fE699453059 (max 10000 bytes), ' +
        '2 required DVN(s) layerzero-labs 0x589dEDbD617e0CBcB916A9223F4d1300c294236b, google-cloud 0xD56e4eAb23cb81f43168F9F45211Eb027b9aC7cc, 15 confirmation(s)',
    );
    expect(text).toMatch(/Plan digest 0x[0-9a-f]{64}: send this plan and no other with --expect-digest\./);
  });

  it('refuses a pathway verified by one DVN before planning anything', () => {
    const file = filledProduction();
    const pathway = file.pathways.find((entry) => entry.from === 'optimism' && entry.to === 'ethereum')!;
    pathway.requiredDVNs = ['layerzero-labs'];
    expect(() => planSystem(readNetworkFile('production.json', file), { deployer, nonces })).toThrow(LzConfigError);
    expect(() => planSystem(readNetworkFile('production.json', file), { deployer, nonces })).toThrow(/optimism->ethereum: requiredDVNs: 1 verifier must sign/);
  });

  it('refuses a misspelt parameter override rather than deploying the default', () => {
    const file = filledProduction();
    file.deployment.parameters = { oracle: { slotsPerFrames: 7200 } };
    expect(() => readNetworkFile('production.json', file)).toThrow(/deployment\.parameters\.oracle\.slotsPerFrames: no such parameter/);
  });

  it('refuses a network that would end unsafe, naming every reason', () => {
    const file = filledProduction();
    const roles = file.deployment.roles as Record<string, unknown>;
    roles.guardian = deployer;
    roles.timelock = { delay: 3_600, proposers: [multisig], executors: [address(0xa2)] };
    file.deployment.parameters = {
      ...(file.deployment.parameters as Record<string, unknown>),
      oftInboundRateLimit: { limit: '0' },
      enforcedReceiveGas: { oftCredit: 150_000 },
      spokePool: { maxRateAge: 86_400 },
    };
    const network = readNetworkFile('production.json', file);
    let message = '';
    try {
      planSystem(network, { deployer, nonces });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^production\.json would deploy unsafe:/);
    expect(message).toContain('guardian: the deployer must hold nothing once the deploy ends');
    expect(message).toContain('timelock delay: 3600 s is under the 86400 s a public network needs');
    expect(message).toContain('parameters.oftInboundRateLimit.limit: must be above zero');
    expect(message).toContain('parameters.enforcedReceiveGas.oftCredit: 150000 is under the 200000 the forge gas tests prove the receive needs');
    // A day's oracle frame on mainnet: a one-day rate age would stop spokes minting before every report.
    expect(message).toContain('parameters.spokePool.maxRateAge: 86400 s does not outlive an oracle frame (86400 s) plus 3600 s');
  });

  it('refuses a spoke rate age that spans two oracle frames', () => {
    const file = filledProduction();
    file.deployment.parameters = { ...(file.deployment.parameters as Record<string, unknown>), spokePool: { maxRateAge: 172_800 } };
    expect(() => planSystem(readNetworkFile('production.json', file), { deployer, nonces })).toThrow(
      /parameters\.spokePool\.maxRateAge: 172800 s spans two oracle frames \(172800 s\)/,
    );
  });

  it('refuses a guardian that also runs the timelock', () => {
    const file = filledProduction();
    (file.deployment.roles as Record<string, unknown>).guardian = multisig;
    expect(() => planSystem(readNetworkFile('production.json', file), { deployer, nonces })).toThrow(/guardian: must not also run the timelock/);
  });
});

