/**
 * `lz:check --rpc` against the suite's devnet: the deployed configuration passes the production
 * audit as deployed, and a route an admin weakens (one DVN instead of two) fails it, by name,
 * until it is restored.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Address, type Hex, toHex, parseEther } from 'viem';
import { describe, expect, inject, it } from 'vitest';
import { chains } from '@tributary/config';
import {
  CONFIG_TYPE_ULN,
  auditDeployment,
  auditedChainsOf,
  decodeUlnConfig,
  encodeUlnConfig,
  endpointV2Abi,
  wiringEnforcedGas,
} from '@tributary/contracts';
import { testDevnet } from './clients.ts';

const { manifest, chains: net } = testDevnet();
const lzCheck = resolve(import.meta.dirname, '../../../packages/contracts/scripts/lz-check.ts');
const tsx = resolve(import.meta.dirname, '../node_modules/.bin/tsx');

const audit = () => auditDeployment(auditedChainsOf(manifest, { hub: net.hub.public, alpha: net.alpha.public, beta: net.beta.public }), wiringEnforcedGas);

/** Runs the CLI as an operator would; resolves with its exit code and output. */
async function runLzCheck(): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(tsx, [lzCheck, '--rpc', inject('manifestPath')]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Sets beta RateReceiver's receive ULN config from the hub as its owner (the timelock, impersonated: the delay is timelock.test.ts's subject). */
async function setRateReceiveUln(config: Hex): Promise<void> {
  const beta = net.beta.public;
  const contracts = manifest.chains.beta.contracts;
  const timelock = contracts.Timelock;
  await beta.request({ method: 'anvil_impersonateAccount' as never, params: [timelock] as never });
  await beta.request({ method: 'anvil_setBalance' as never, params: [timelock, toHex(parseEther('1'))] as never });
  const hash = await net.beta.wallet(0).writeContract({
    account: timelock,
    address: contracts.EndpointV2,
    abi: endpointV2Abi,
    functionName: 'setConfig',
    args: [contracts.RateReceiver, contracts.ReceiveUln302, [{ eid: chains.hub.eid, configType: CONFIG_TYPE_ULN, config }]],
  } as never);
  expect((await beta.waitForTransactionReceipt({ hash })).status).toBe('success');
  await beta.request({ method: 'anvil_stopImpersonatingAccount' as never, params: [timelock] as never });
}

describe('lz:check --rpc on the devnet', () => {
  it('finds nothing to fix in the deployed configuration, and the CLI exits 0', async () => {
    const report = await audit();
    expect(report.issues).toEqual([]);
    // Every application on every pathway: rate and batch hub<->spoke, the OFT between every pair.
    expect(report.routes).toHaveLength(12);
    const { code, output } = await runLzCheck();
    expect(output).toContain('OK: 12 routes');
    expect(code).toBe(0);
  });

  it('fails a route weakened to one DVN, naming it, until the config is restored', async () => {
    const contracts = manifest.chains.beta.contracts;
    const current = (await net.beta.public.readContract({
      address: contracts.EndpointV2,
      abi: endpointV2Abi,
      functionName: 'getConfig',
      args: [contracts.RateReceiver, contracts.ReceiveUln302, chains.hub.eid, CONFIG_TYPE_ULN],
    })) as Hex;
    const uln = decodeUlnConfig(current);
    expect(uln.requiredDVNs).toHaveLength(2);
    const oneDvn = { ...uln, requiredDVNs: [uln.requiredDVNs[0] as Address] };
    await setRateReceiveUln(encodeUlnConfig(oneDvn));
    try {
      const report = await audit();
      expect(report.issues).toEqual([
        expect.objectContaining({ where: 'hub->beta rate', field: 'RateReceiver receive ULN config', message: expect.stringMatching(/^1 DVN\(s\) must verify/) }),
      ]);
      const { code, output } = await runLzCheck();
      expect(output).toContain('✗ hub->beta rate');
      expect(code).toBe(1);
    } finally {
      await setRateReceiveUln(encodeUlnConfig(uln));
    }
    expect((await audit()).issues).toEqual([]);
  });
});
