import { describe, expect, it } from 'vitest';
import { type ChainName, chains } from '@tributary/config';
import { ManifestError, hubContractNames, manifestChainNames, parseManifest, spokeContractNames } from './manifest.ts';

const address = `0x${'ab'.repeat(20)}`;

function chainEntry(name: ChainName) {
  const names: readonly string[] = chains[name].role === 'hub' ? hubContractNames : spokeContractNames;
  return { role: chains[name].role, chainId: chains[name].chainId, eid: chains[name].eid, rpcUrl: 'http://127.0.0.1:8545', contracts: Object.fromEntries(names.map((contract) => [contract, address])) };
}

const manifestOf = (...names: ChainName[]) => ({ chains: Object.fromEntries(names.map((name) => [name, chainEntry(name)])) });

describe('parseManifest', () => {
  it('accepts the chains this process runs, and lists them in registry order', () => {
    const manifest = parseManifest(manifestOf('beta', 'hub', 'alpha'));
    expect(manifestChainNames(manifest)).toEqual(['hub', 'alpha', 'beta']);
  });

  it('accepts a further registry spoke (a devnet run with TRIBUTARY_SPOKES), checked like the others', () => {
    expect(manifestChainNames(parseManifest(manifestOf('hub', 'alpha', 'beta', 'gamma')))).toEqual(['hub', 'alpha', 'beta', 'gamma']);
    const wrongEid = manifestOf('hub', 'alpha', 'beta', 'gamma');
    (wrongEid.chains.gamma as { eid: number }).eid = 40102;
    expect(() => parseManifest(wrongEid, 'x.json')).toThrow(new ManifestError('x.json: chains.gamma.eid must be 40104'));
  });

  it('refuses a manifest missing a chain this process runs', () => {
    expect(() => parseManifest(manifestOf('hub', 'alpha'))).toThrow('manifest: chains.beta is missing');
  });

  it('refuses a chain the registry does not name', () => {
    const manifest = { chains: { ...manifestOf('hub', 'alpha', 'beta').chains, delta: chainEntry('gamma') } };
    expect(() => parseManifest(manifest)).toThrow('manifest: chains.delta is not in the chain registry (@tributary/config)');
  });

  it('names the first contract that is not an address', () => {
    const manifest = manifestOf('hub', 'alpha', 'beta');
    (manifest.chains.alpha as { contracts: Record<string, string> }).contracts.RateReceiver = '0x12';
    expect(() => parseManifest(manifest)).toThrow('manifest: chains.alpha.contracts.RateReceiver must be an address');
  });
});
