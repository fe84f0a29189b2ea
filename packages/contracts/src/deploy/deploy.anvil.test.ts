/**
 * The one deploy path end to end on three fresh anvils: `deploy --network devnet --plan` prints a
 * plan and sends nothing; sending it puts every contract where the plan said, and the on-chain
 * audit (lz:check --rpc) passes on the result; a stale or reverting plan stops with a clear error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Address, type Chain, createPublicClient, createWalletClient, http, keccak256, toBytes, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type ChainName, chainNames, chains, devnetTimelockDelay } from '@tributary/config';
import { timelockControllerAbi, trETHAbi } from '../generated/abis.ts';
import { viemChain } from '../chains.ts';
import { auditDeployment, auditedChainsOf } from '../lz-config/audit.ts';
import { wiringEnforcedGas } from '../lz-config/wiring.ts';
import { type AnvilNode, startAnvil } from '../node/anvil.ts';
import { type ChainSender, DeployError, type Journal, deployNetwork, devnetDeployer, devnetManifest, devnetNetwork, planSystem, readNonces, sendPlan, type SystemPlan } from './index.ts';

const run = promisify(execFile);
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const cli = new URL('../../scripts/deploy.ts', import.meta.url).pathname;

let anvils: Record<ChainName, AnvilNode>;
let senders: Record<ChainName, ChainSender>;
const rpcUrls = () => Object.fromEntries(chainNames.map((name) => [name, anvils[name].rpcUrl])) as Record<ChainName, string>;
const network = async () => devnetNetwork((await senders.hub.publicClient.getBlock({ blockNumber: 0n })).timestamp);

beforeAll(async () => {
  anvils = Object.fromEntries(await Promise.all(chainNames.map(async (name) => [name, await startAnvil({ chainId: chains[name].chainId })] as const))) as Record<ChainName, AnvilNode>;
  const account = privateKeyToAccount(devnetDeployer.privateKey);
  senders = Object.fromEntries(
    chainNames.map((name) => {
      const chain: Chain = viemChain(name, anvils[name].rpcUrl);
      return [name, { publicClient: createPublicClient({ chain, transport: http(), pollingInterval: 20 }), walletClient: createWalletClient({ chain, account, transport: http() }) }];
    }),
  ) as Record<ChainName, ChainSender>;
}, 30_000);

afterAll(async () => {
  await Promise.all(Object.values(anvils ?? {}).map((anvil) => anvil.stop()));
});

describe('deploy --network devnet', () => {
  let printed: string;
  let plan: SystemPlan;

  it('--plan prints every transaction and sends none', async () => {
    const rpcArgs = chainNames.flatMap((name) => ['--rpc', `${name}=${anvils[name].rpcUrl}`]);
    ({ stdout: printed } = await run(tsx, [cli, '--network', 'devnet', '--plan', ...rpcArgs]));
    expect(printed).toMatch(/^Deployment plan for devnet/);
    expect(printed).toMatch(/\n\d+ transactions on 3 chains\. Nothing was sent\.$/m);
    expect(await readNonces(await network(), senders, devnetDeployer.address)).toEqual({ hub: 0, alpha: 0, beta: 0 });
  }, 60_000);

  it('sends that plan: every contract lands where it was printed, and the on-chain audit passes', async () => {
    plan = await deployNetwork(await network(), senders);
    for (const name of chainNames) {
      const created = plan.chains[name]!.transactions.filter((tx) => tx.creates);
      for (const tx of created) expect(printed).toContain(`deploy ${tx.contract} at ${tx.creates}(`);
      for (const tx of created) expect(await senders[name].publicClient.getCode({ address: tx.creates! })).toMatch(/^0x[0-9a-f]{2,}/);
    }
    const manifest = devnetManifest(plan, rpcUrls());
    const clients = Object.fromEntries(chainNames.map((name) => [name, senders[name].publicClient]));
    const report = await auditDeployment(auditedChainsOf(manifest, clients), wiringEnforcedGas);
    expect(report.issues).toEqual([]);
    // The vault TrETH created is the one the plan predicted for the manifest.
    const hub = manifest.chains.hub.contracts;
    expect(await senders.hub.publicClient.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'WITHDRAWAL_VAULT' })).toBe(hub.WithdrawalVault);
  }, 60_000);

  it('leaves the deployer nothing: each timelock has the real delay and holders, the deployer no role', async () => {
    const deployer = devnetDeployer.address;
    for (const name of chainNames) {
      const { publicClient } = senders[name];
      const timelock = plan.chains[name]!.contracts.Timelock as Address;
      expect(await publicClient.readContract({ address: timelock, abi: timelockControllerAbi, functionName: 'getMinDelay' })).toBe(BigInt(devnetTimelockDelay));
      const [proposer] = plan.network.roles.timelock.proposers;
      for (const role of ['PROPOSER_ROLE', 'CANCELLER_ROLE', 'EXECUTOR_ROLE']) {
        const hash = keccak256(toBytes(role));
        expect(await publicClient.readContract({ address: timelock, abi: timelockControllerAbi, functionName: 'hasRole', args: [hash, deployer] })).toBe(false);
        expect(await publicClient.readContract({ address: timelock, abi: timelockControllerAbi, functionName: 'hasRole', args: [hash, proposer!] })).toBe(true);
      }
    }
    const trETH = plan.chains.hub!.contracts.TrETH as Address;
    expect(await senders.hub.publicClient.readContract({ address: trETH, abi: trETHAbi, functionName: 'hasRole', args: [zeroHash, deployer] })).toBe(false);
  });

  it('sends nothing when the plan is not the reviewed one (--expect-digest) or a deployer cannot pay its part', async () => {
    const rpcArgs = chainNames.flatMap((name) => ['--rpc', `${name}=${anvils[name].rpcUrl}`]);
    const refused = await run(tsx, [cli, '--network', 'devnet', ...rpcArgs, '--expect-digest', `0x${'00'.repeat(32)}`]).catch((error: { code: number; stderr: string }) => error);
    expect((refused as { code: number }).code).toBe(1);
    expect((refused as { stderr: string }).stderr).toMatch(/^deploy: the plan is not the one reviewed: its digest is 0x[0-9a-f]{64}, not 0x0{64}/);

    const before = await readNonces(await network(), senders, devnetDeployer.address);
    const beta = senders.beta.publicClient;
    const funds = await beta.getBalance({ address: devnetDeployer.address });
    await beta.request({ method: 'anvil_setBalance' as never, params: [devnetDeployer.address, '0x2386F26FC10000'] as never });
    try {
      const poor = planSystem(await network(), { deployer: devnetDeployer.address, nonces: before });
      const error = await sendPlan(poor, senders).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect((error as Error).message).toMatch(/^nothing was sent:\n  beta: the deployer holds 10000000000000000 wei, the plan needs at least \d+/);
      expect(await readNonces(await network(), senders, devnetDeployer.address)).toEqual(before);
    } finally {
      await beta.request({ method: 'anvil_setBalance' as never, params: [devnetDeployer.address, `0x${funds.toString(16)}`] as never });
    }
  }, 60_000);

  it('fails a deploy whose chains do not read back what the plan expects', async () => {
    const plan = planSystem(await network(), { deployer: devnetDeployer.address, nonces: await readNonces(await network(), senders, devnetDeployer.address) });
    const timelock = plan.chains.alpha!.contracts.Timelock as Address;
    plan.chains.alpha!.expect('Timelock', timelock, timelockControllerAbi, 'getMinDelay', [], 4n);
    await expect(sendPlan(plan, senders)).rejects.toThrow(/do not say what the plan expects:\n  alpha: Timelock\.getMinDelay\(\) is 3, not 4$/);
  }, 60_000);

  it('resumes a deploy that stopped part-way from its journal, sending nothing twice', async () => {
    const nonces = await readNonces(await network(), senders, devnetDeployer.address);
    const plan = planSystem(await network(), { deployer: devnetDeployer.address, nonces });
    // Code already sits where one of alpha's creations goes: alpha stops there, the others at their next step.
    const blocked = plan.chains.alpha!.transactions.filter((tx) => tx.creates)[5]!;
    const setCode = (code: string) => senders.alpha.publicClient.request({ method: 'anvil_setCode' as never, params: [blocked.creates, code] as never });
    await setCode('0x00');
    const journalPath = join(mkdtempSync(join(tmpdir(), 'deploy-journal-')), 'journal.json');
    const stopped = await sendPlan(plan, senders, { journalPath }).catch((caught: unknown) => caught);
    expect((stopped as Error).message).toMatch(new RegExp(`^alpha #${blocked.nonce - nonces.alpha!} \\(nonce ${blocked.nonce}\\) deploy ${blocked.contract} at ${blocked.creates}`));
    expect((stopped as Error).message).toMatch(/resume it with the journal .*journal\.json$/);
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
    expect(journal.chains.alpha!.hashes).toHaveLength(blocked.nonce - nonces.alpha!);

    await setCode('0x');
    await sendPlan(plan, senders, { journalPath, resume: journal });
    // Every planned transaction exactly once: each deployer's nonce moved by its chain's plan length.
    const after = await readNonces(await network(), senders, devnetDeployer.address);
    for (const name of chainNames) expect(after[name]).toBe(nonces[name]! + plan.chains[name]!.transactions.length);
    const resumed = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
    for (const name of chainNames) expect(resumed.chains[name]!.hashes).toHaveLength(plan.chains[name]!.transactions.length);
  }, 60_000);

  it('refuses a plan made for nonces the deployer has moved past', async () => {
    const stale = planSystem(await network(), { deployer: devnetDeployer.address, nonces: { hub: 0, alpha: 0, beta: 0 } });
    const error = await sendPlan(stale, senders).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeployError);
    for (const name of chainNames) expect((error as Error).message).toMatch(new RegExp(`\\n  ${name}: the deployer's next nonce is \\d+, the plan starts at 0: plan again`));
    expect((error as Error).message).toMatch(/^nothing was sent:/);
  });

  it('stops at the first transaction that would revert and names it', async () => {
    const bad = await network();
    // One slot per frame: TributaryOracle's constructor refuses it (refSlot 0 would be a real slot).
    bad.parameters = { ...bad.parameters, oracle: { ...bad.parameters.oracle, slotsPerFrame: 1 } };
    const error = await deployNetwork(bad, senders).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/^hub #\d+ \(nonce \d+\) deploy TributaryOracle at 0x[0-9a-fA-F]{40}\(.*\) would revert: /);
    // The other chains stop at their next step rather than finish a half-wired system.
    const [, hubSent, hubTotal] = /the deploy stopped; transactions sent: hub (\d+) of (\d+)/.exec((error as Error).message) ?? [];
    expect(Number(hubSent)).toBeLessThan(Number(hubTotal));
  }, 60_000);
});
