import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError, UnsupportedChainError, createTributary, parseManifest } from '../src/index.js';
import { fromManifestFile } from '../src/node.js';
import { manifest } from './fixtures.js';

const clone = () => structuredClone(manifest) as unknown as { chains: Record<string, Record<string, unknown>> };

describe('parseManifest', () => {
  it('accepts a manifest with one hub and the contracts the SDK calls', () => {
    expect(parseManifest(clone())).toEqual(manifest);
  });

  it.each([
    ['a missing chains key', () => ({}), /chains is missing/],
    ['no hub', () => { const m = clone(); delete m.chains.hub; return m; }, /exactly one hub \(found 0\)/],
    ['a spoke without its pool', () => { const m = clone(); delete (m.chains.alpha!.contracts as Record<string, unknown>).SpokePool; return m; }, /chains\.alpha\.contracts\.SpokePool must be an address/],
    ['a bad address', () => { const m = clone(); (m.chains.hub!.contracts as Record<string, unknown>).TrETH = '0x1234'; return m; }, /chains\.hub\.contracts\.TrETH must be an address/],
    ['a duplicate eid', () => { const m = clone(); m.chains.alpha!.eid = 40101; return m; }, /chains\.alpha\.eid 40101 is used by another chain/],
    ['an RPC URL without a scheme', () => { const m = clone(); m.chains.alpha!.rpcUrl = '127.0.0.1:8546'; return m; }, /chains\.alpha\.rpcUrl/],
  ])('rejects %s, naming the field', (_, build, message) => {
    expect(() => parseManifest(build())).toThrow(ManifestError);
    expect(() => parseManifest(build())).toThrow(message);
  });
});

describe('fromManifestFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-sdk-'));

  it('reads and checks a manifest file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify(manifest));
    expect(fromManifestFile(path)).toEqual(manifest);
  });

  it('names the file when it is missing or not JSON', () => {
    expect(() => fromManifestFile(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read/);
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{');
    expect(() => fromManifestFile(path)).toThrow(/bad\.json: not JSON/);
  });
});

describe('createTributary', () => {
  it('names the hub and the spokes from the manifest', () => {
    const tributary = createTributary({ manifest });
    expect(tributary.hub).toBe('hub');
    expect(tributary.spokes).toEqual(['alpha']);
  });

  it('refuses a chain that is not in the manifest, before any RPC call', async () => {
    const tributary = createTributary({ manifest: manifest as { chains: typeof manifest.chains } });
    await expect(tributary.getRate('gamma' as 'alpha')).rejects.toThrow(UnsupportedChainError);
    await expect(tributary.quoteBridge('alpha', 'alpha', 1n)).rejects.toThrow(/is the source chain/);
  });

  it('rejects bad amounts and slippage before any RPC call', async () => {
    const tributary = createTributary({ manifest });
    await expect(tributary.quoteStake('alpha', 0n)).rejects.toThrow(/assets must be positive/);
    await expect(tributary.quoteStake('alpha', 1n, { slippageBps: 10_001 })).rejects.toThrow(/slippageBps must be an integer from 0 to 10000/);
    await expect(tributary.stake('alpha', 1n)).rejects.toThrow(/No wallet client for alpha/);
  });
});
