import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Address, type Hex, decodeFunctionData, getAddress, keccak256, slice, toHex } from 'viem';
import { endpointV2Abi, trETHOFTAbi } from '../generated/abis.ts';
import { lzReceiveGas } from '../layerzero.ts';
import { LzConfigError, type ProductionConfigFile, checkProductionConfig, minimumSigners, validateProductionConfig } from './config.ts';
import { CONFIG_TYPE_EXECUTOR, CONFIG_TYPE_ULN, NIL_DVN_COUNT, decodeExecutorConfig, decodeUlnConfig, encodePathwayCalls, encodeUlnConfig } from './encode.ts';
import { wiringEnforcedGas } from './wiring.ts';

const productionPath = new URL('../../../../contracts/config/networks/production.json', import.meta.url);
const wiringPath = new URL('../../../../contracts/config/wiring.json', import.meta.url);
const wiringGas = JSON.parse(readFileSync(wiringPath, 'utf8')).enforcedReceiveGas as Record<string, number>;

function shipped(): ProductionConfigFile {
  return JSON.parse(readFileSync(productionPath, 'utf8')) as ProductionConfigFile;
}

const fakeAddress = (label: string): Address => getAddress(slice(keccak256(toHex(label)), 12));

/** The shipped file with its OApp placeholders filled, as it will look once Tributary is deployed. */
function filled(): ProductionConfigFile {
  const config = shipped();
  for (const [chain, entry] of Object.entries(config.chains)) {
    for (const oapp of Object.keys(entry.oapps)) entry.oapps[oapp] = fakeAddress(`${chain}.${oapp}`);
  }
  return config;
}

function pathway(config: ProductionConfigFile, id: string) {
  const found = config.pathways.find((p) => `${p.from}->${p.to}` === id);
  if (!found) throw new Error(`no pathway ${id} in the fixture`);
  return found;
}

function rejection(config: unknown) {
  try {
    validateProductionConfig(config, wiringEnforcedGas);
  } catch (error) {
    expect(error).toBeInstanceOf(LzConfigError);
    return error as LzConfigError;
  }
  throw new Error('the config was accepted');
}

describe('validateProductionConfig', () => {
  it('accepts the production file once OApp addresses are filled in, resolving all six directions', () => {
    const pathways = validateProductionConfig(filled(), wiringEnforcedGas);
    expect(pathways.map((p) => p.id).sort()).toEqual(
      ['arbitrum->ethereum', 'arbitrum->optimism', 'ethereum->arbitrum', 'ethereum->optimism', 'optimism->arbitrum', 'optimism->ethereum'],
    );
    const hubToOp = pathways.find((p) => p.id === 'ethereum->optimism');
    // Each end carries its own chain's DVN deployments.
    expect(hubToOp?.source.uln.requiredDVNs).toEqual(['0x589dEDbD617e0CBcB916A9223F4d1300c294236b', '0xD56e4eAb23cb81f43168F9F45211Eb027b9aC7cc']);
    expect(hubToOp?.destination.uln.requiredDVNs).toEqual(['0x6A02D83e8d433304bba74EF1c427913958187142', '0xD56e4eAb23cb81f43168F9F45211Eb027b9aC7cc']);
    expect(hubToOp?.source.eid).toBe(30101);
    expect(hubToOp?.destination.eid).toBe(30111);
    // Gas is wiring.json's, per message kind.
    const gas = Object.fromEntries(hubToOp?.applications.flatMap((app) => app.enforcedOptions.map((o) => [o.kind, o.gas])) ?? []);
    expect(gas).toEqual({
      rateUpdate: BigInt(wiringGas.rateUpdate!),
      oftCredit: BigInt(wiringGas.oftCredit!),
      oftCompose: BigInt(wiringGas.oftCompose!),
      halt: BigInt(wiringGas.halt!),
    });
    const spokeToHub = pathways.find((p) => p.id === 'arbitrum->ethereum');
    expect(spokeToHub?.applications.map((app) => [app.sender.name, app.receiver.name])).toEqual([
      ['TrETH', 'TrETHAdapter'],
      ['SpokePool', 'BackingLedger'],
    ]);
  });

  it('refuses the file as shipped: every OApp address is still a placeholder, and nothing else is wrong', () => {
    const { issues } = checkProductionConfig(shipped(), wiringEnforcedGas);
    expect(issues).toHaveLength(9);
    for (const issue of issues) {
      expect(issue.field).toMatch(/^oapps\./);
      expect(issue.message).toMatch(/^placeholder "REQUIRED/);
    }
  });

  it('refuses a single-DVN pathway, naming the pathway and the field', () => {
    const config = filled();
    pathway(config, 'optimism->ethereum').requiredDVNs = ['layerzero-labs'];
    const error = rejection(config);
    expect(error.issues).toEqual([
      expect.objectContaining({ where: 'optimism->ethereum', field: 'requiredDVNs', message: expect.stringMatching(/^1 verifier must sign .*at least 2 independent DVNs/) }),
    ]);
    expect(error.message).toContain('optimism->ethereum: requiredDVNs: 1 verifier must sign');
  });

  it('counts optional DVNs by threshold, and not twice when they are also required', () => {
    expect(minimumSigners(['a'], ['b', 'c'], 1)).toBe(2);
    expect(minimumSigners(['a'], ['a', 'b'], 1)).toBe(1);
    expect(minimumSigners([], ['a', 'b', 'c'], 2)).toBe(2);

    const config = filled();
    Object.assign(pathway(config, 'ethereum->arbitrum'), { requiredDVNs: ['layerzero-labs'], optionalDVNs: ['google-cloud'], optionalDVNThreshold: 1 });
    expect(() => validateProductionConfig(config, wiringEnforcedGas)).not.toThrow();
    Object.assign(pathway(config, 'ethereum->arbitrum'), { optionalDVNs: ['layerzero-labs'] });
    expect(rejection(config).issues).toEqual([expect.objectContaining({ where: 'ethereum->arbitrum', field: 'requiredDVNs' })]);
  });

  it('sorts DVNs by address on each chain, whatever order the file lists them in', () => {
    const config = filled();
    pathway(config, 'arbitrum->optimism').requiredDVNs = ['google-cloud', 'layerzero-labs'];
    // A provider whose address sorts differently on each chain.
    config.chains.arbitrum!.dvns['nethermind'] = '0x14E570a1684c7ca883b35e1B25D2F7CEc98a16cd';
    config.chains.optimism!.dvns['nethermind'] = '0xe6CD8c2E46Ef396DF88048449e5B1C75172b40C3';
    pathway(config, 'arbitrum->optimism').requiredDVNs = ['google-cloud', 'layerzero-labs', 'nethermind'];
    const resolved = validateProductionConfig(config, wiringEnforcedGas).find((p) => p.id === 'arbitrum->optimism');
    expect(resolved?.source.uln.requiredDVNs).toEqual([
      '0x14E570a1684c7ca883b35e1B25D2F7CEc98a16cd',
      '0x2f55C492897526677C5B68fb199ea31E2c126416',
      '0xD56e4eAb23cb81f43168F9F45211Eb027b9aC7cc',
    ]);
    expect(resolved?.destination.uln.requiredDVNs).toEqual([
      '0x6A02D83e8d433304bba74EF1c427913958187142',
      '0xD56e4eAb23cb81f43168F9F45211Eb027b9aC7cc',
      '0xe6CD8c2E46Ef396DF88048449e5B1C75172b40C3',
    ]);
    expect(resolved?.source.uln.requiredDVNCount).toBe(3);
  });

  it('refuses duplicate DVNs, by name or by address', () => {
    const config = filled();
    pathway(config, 'ethereum->optimism').requiredDVNs = ['layerzero-labs', 'google-cloud', 'layerzero-labs'];
    expect(rejection(config).issues.map((i) => i.message)).toContain('DVN "layerzero-labs" is listed twice');

    const aliased = filled();
    aliased.chains.ethereum!.dvns['google-again'] = '0xd56e4eab23cb81f43168f9f45211eb027b9ac7cc';
    aliased.chains.optimism!.dvns['google-again'] = '0xD56e4eAb23cb81f43168F9F45211Eb027b9aC7cc';
    pathway(aliased, 'ethereum->optimism').requiredDVNs = ['google-cloud', 'google-again'];
    const issues = rejection(aliased).issues;
    expect(issues.every((i) => i.where === 'ethereum->optimism')).toBe(true);
    expect(issues.map((i) => i.message)).toContain('DVNs "google-cloud" and "google-again" are the same contract on ethereum (0xD56e4eAb23cb81f43168F9F45211Eb027b9aC7cc)');
  });

  it('refuses a DVN that is not deployed on both ends', () => {
    const config = filled();
    config.chains.ethereum!.dvns['nethermind'] = '0xa59BA433ac34D2927232918Ef5B2eaAfcF130BA5';
    pathway(config, 'ethereum->optimism').requiredDVNs = ['layerzero-labs', 'nethermind'];
    expect(rejection(config).issues).toEqual([
      expect.objectContaining({ where: 'ethereum->optimism', field: 'requiredDVNs', message: expect.stringContaining('"nethermind" has no address on optimism') }),
    ]);
  });

  it('refuses zero confirmations, explaining the reorg risk on a spoke->hub path', () => {
    const config = filled();
    pathway(config, 'arbitrum->ethereum').confirmations = 0;
    pathway(config, 'ethereum->arbitrum').confirmations = 0;
    const issues = rejection(config).issues;
    expect(issues).toHaveLength(2);
    expect(issues.find((i) => i.where === 'arbitrum->ethereum')).toMatchObject({ field: 'confirmations', message: expect.stringContaining('reorg') });
    expect(issues.find((i) => i.where === 'ethereum->arbitrum')).toMatchObject({ field: 'confirmations', message: expect.stringContaining('use the default') });
  });

  it('refuses missing, misplaced and unknown enforced options', () => {
    const config = filled();
    pathway(config, 'ethereum->optimism').enforcedOptions = ['rateUpdate', 'oftCredit', 'oftCompose'];
    pathway(config, 'ethereum->arbitrum').enforcedOptions = ['rateUpdate', 'oftCredit', 'halt'];
    pathway(config, 'optimism->arbitrum').enforcedOptions = ['oftCredit', 'oftCompose', 'batch', 'rebase'];
    const issues = rejection(config).issues;
    expect(issues).toEqual([
      expect.objectContaining({ where: 'ethereum->optimism', field: 'enforcedOptions', message: expect.stringMatching(/^missing "halt" \(BackingLedger -> SpokePool, msgType 2\)/) }),
      expect.objectContaining({ where: 'ethereum->arbitrum', field: 'enforcedOptions', message: expect.stringMatching(/^missing "oftCompose" \(TrETHAdapter -> TrETH, msgType 2\)/) }),
      expect.objectContaining({ where: 'optimism->arbitrum', message: '"batch" does not travel spoke->spoke' }),
      expect.objectContaining({ where: 'optimism->arbitrum', message: expect.stringContaining('unknown message kind "rebase"') }),
    ]);
  });

  it('refuses a pathway whose wiring.json gas is missing', () => {
    const { halt: _halt, ...withoutHalt } = wiringEnforcedGas.receive;
    const { issues } = checkProductionConfig(filled(), { ...wiringEnforcedGas, receive: withoutHalt });
    expect(issues.map((i) => i.where).sort()).toEqual(['ethereum->arbitrum', 'ethereum->optimism']);
    expect(issues[0]?.message).toBe('wiring.json enforcedReceiveGas.halt is missing or zero');
  });

  it('refuses every pathway when the compose gas of a composed OFT send is missing or zero', () => {
    const { issues } = checkProductionConfig(filled(), { ...wiringEnforcedGas, compose: { oftCompose: 0n } });
    expect(issues).toHaveLength(6);
    expect(issues[0]?.message).toMatch(/^wiring.json enforcedComposeGas.oftCompose is missing or zero/);
  });

  it('refuses SimpleMessageLib and any library other than ULN302', () => {
    const config = filled();
    pathway(config, 'ethereum->optimism').sendLibrary = 'SimpleMessageLib';
    pathway(config, 'optimism->ethereum').receiveLibrary = 'ReceiveUln301';
    config.chains.optimism!.messageLibs['SimpleMessageLib'] = fakeAddress('devnet lib');
    const issues = rejection(config).issues;
    expect(issues).toContainEqual(expect.objectContaining({ where: 'ethereum->optimism', field: 'sendLibrary', message: expect.stringContaining("devnet's library") }));
    expect(issues).toContainEqual(expect.objectContaining({ where: 'optimism->ethereum', field: 'receiveLibrary', message: expect.stringContaining('Endpoint V1') }));
    expect(issues).toContainEqual(expect.objectContaining({ where: 'chains.optimism', field: 'messageLibs.SimpleMessageLib' }));
  });

  it('refuses a missing direction, a devnet eid, a zero address and a misspelled field', () => {
    const config = filled();
    config.pathways = config.pathways.filter((p) => !(p.from === 'arbitrum' && p.to === 'optimism'));
    config.chains.arbitrum!.eid = 40103;
    config.chains.optimism!.endpoint = '0x0000000000000000000000000000000000000000';
    const typo = pathway(config, 'ethereum->arbitrum') as unknown as Record<string, unknown>;
    typo.requiredDvns = typo.requiredDVNs;
    const issues = rejection(config).issues;
    expect(issues).toContainEqual(expect.objectContaining({ where: 'arbitrum->optimism', field: '(pathway)', message: expect.stringContaining('missing') }));
    expect(issues).toContainEqual({ where: 'chains.arbitrum', field: 'eid', message: '40103 is not a mainnet endpoint id (30xxx)' });
    expect(issues).toContainEqual({ where: 'chains.optimism', field: 'endpoint', message: 'is the zero address' });
    expect(issues).toContainEqual(expect.objectContaining({ where: 'ethereum->arbitrum', field: 'requiredDvns', message: expect.stringContaining('unknown field') }));
  });
});

describe('encodePathwayCalls', () => {
  const pathways = validateProductionConfig(filled(), wiringEnforcedGas);
  const hubToOp = pathways.find((p) => p.id === 'ethereum->optimism')!;

  it('writes an empty DVN list as NIL so the default config cannot add verifiers', () => {
    const encoded = encodeUlnConfig(hubToOp.source.uln);
    const decoded = decodeUlnConfig(encoded);
    expect(decoded).toEqual({ ...hubToOp.source.uln, optionalDVNCount: NIL_DVN_COUNT });
  });

  it('emits library, executor + ULN config and enforced options for each application on the pathway', () => {
    const calls = encodePathwayCalls(hubToOp);
    expect(calls.source.map((c) => `${c.contract}.${c.functionName}`)).toEqual([
      'EndpointV2.setSendLibrary', 'EndpointV2.setConfig', 'RateBroadcaster.setEnforcedOptions',
      'EndpointV2.setSendLibrary', 'EndpointV2.setConfig', 'TrETHAdapter.setEnforcedOptions',
      'EndpointV2.setSendLibrary', 'EndpointV2.setConfig', 'BackingLedger.setEnforcedOptions',
    ]);
    expect(calls.destination.map((c) => `${c.contract}.${c.functionName}`)).toEqual(
      ['RateReceiver', 'TrETH', 'SpokePool'].flatMap(() => ['EndpointV2.setReceiveLibrary', 'EndpointV2.setConfig']),
    );

    const setConfig = decodeFunctionData({ abi: endpointV2Abi, data: calls.source[1]!.data });
    expect(setConfig.functionName).toBe('setConfig');
    const [oapp, library, params] = setConfig.args as readonly [Address, Address, readonly { eid: number; configType: number; config: Hex }[]];
    expect(oapp).toBe(hubToOp.applications[0]!.sender.address);
    expect(library).toBe('0xbB2Ea70C9E858123480642Cf96acbcCE1372dCe1');
    expect(params.map((p) => [p.eid, p.configType])).toEqual([[30111, CONFIG_TYPE_EXECUTOR], [30111, CONFIG_TYPE_ULN]]);
    expect(decodeExecutorConfig(params[0]!.config)).toEqual({ maxMessageSize: 10000, executor: '0x173272739Bd7Aa6e4e214714048a9fE699453059' });
    expect(decodeUlnConfig(params[1]!.config).requiredDVNs).toEqual(hubToOp.source.uln.requiredDVNs);

    const halt = decodeFunctionData({ abi: trETHOFTAbi, data: calls.source[8]!.data });
    const [options] = halt.args as readonly [readonly { eid: number; msgType: number; options: Hex }[]];
    expect(options.map((o) => [o.eid, o.msgType, lzReceiveGas(o.options).gas])).toEqual([[30111, 2, BigInt(wiringGas.halt!)]]);
  });
});
