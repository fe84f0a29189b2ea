import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainNames, devnetAccounts, devnetDvnSigners, devnetGuardians, devnetOracleMembers, devnetRoles } from '@tributary/config';
import { ConfigError, devnetServiceKeys, loadConfig, parseConfig, readKey, redact, relayerConfig } from './config.ts';
import { writeTestManifest } from './test-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'relayer-config-'));
const manifestPath = writeTestManifest(dir);

function write(document: unknown): string {
  const path = join(mkdtempSync(join(dir, 'c-')), 'relayer.json');
  writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
}

const minimal = { manifest: manifestPath, keys: { relayer: { env: 'TEST_RELAYER_KEY' } } };
const key = devnetAccounts[devnetRoles.relayer].privateKey;

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('relayer config file', () => {
  it('fills defaults and resolves keys, URLs and paths', () => {
    const config = loadConfig(write({ ...minimal, chains: { alpha: { rpcUrl: 'https://alpha.example', confirmations: 3 } } }), { TEST_RELAYER_KEY: key });
    expect(config.keys.relayer).toBe(key);
    expect(config.chains.hub).toMatchObject({ rpcUrl: 'http://127.0.0.1:1', confirmations: 0, rpcPollingIntervalMs: 250 });
    expect(config.chains.alpha).toMatchObject({ rpcUrl: 'https://alpha.example', confirmations: 3 });
    expect(config.statusPort).toBe(9464);
    expect(config.batch.minBatchAssets).toBe(32n * 10n ** 18n);
    expect(config.loopIntervalMs).toBe(250);
    expect(config.database.endsWith('relayer.sqlite')).toBe(true);
    expect(config.duties).toMatchObject({ ratePush: true, lzDelivery: false });
  });

  it('names every bad field by its path', () => {
    const message = configError(() =>
      parseConfig({ ...minimal, chains: { hub: { confirmations: -1 } }, thresholds: { batchMinEth: '1e18' }, statusPort: 70_000, colour: 'blue' }),
    );
    expect(message).toContain('chains.hub.confirmations');
    expect(message).toContain('thresholds.batchMinEth: must be an ETH amount');
    expect(message).toContain('statusPort');
    expect(message).toContain('colour');
  });

  it('takes a settings entry for every registry chain and refuses a chain the registry does not name', () => {
    expect(parseConfig({ ...minimal, chains: { gamma: { confirmations: 2 } } }).chains.gamma.confirmations).toBe(2);
    expect(configError(() => parseConfig({ ...minimal, chains: { delta: {} } }))).toContain('chains: Unrecognized key: "delta"');
  });

  it('names the command line\'s flag for a bad field when given the flag names', () => {
    const message = configError(() => parseConfig({ ...minimal, loopIntervalMs: 'fast', beaconUrl: 'beacon:5052' }, 'the command line', { loopIntervalMs: '--loop-ms', beaconUrl: '--beacon-url' }));
    expect(message).toContain('--loop-ms: Invalid input: expected number, received string');
    expect(message).toContain('--beacon-url: must be an http(s) URL');
  });

  it('refuses a manifest holding a spoke this relayer does not run, naming the setting that adds it', () => {
    const withGamma = writeTestManifest(mkdtempSync(join(dir, 'm-')), undefined, 'gamma.json', [...chainNames, 'gamma']);
    expect(configError(() => loadConfig(write({ ...minimal, manifest: withGamma }), { TEST_RELAYER_KEY: key }))).toBe(
      'manifest: holds gamma, which this relayer does not run: set TRIBUTARY_SPOKES=alpha,beta,gamma',
    );
  });

  it('rejects a key written into the file itself', () => {
    expect(configError(() => parseConfig({ ...minimal, keys: { relayer: key } }))).toContain('keys.relayer');
  });

  it('fails at start on bad JSON, a missing manifest, or a duty without its key', () => {
    expect(configError(() => loadConfig(write('{ "manifest": ')))).toContain('is not valid JSON');
    expect(configError(() => loadConfig(write({ ...minimal, manifest: join(dir, 'nope.json') }), { TEST_RELAYER_KEY: key }))).toContain('manifest:');
    expect(configError(() => loadConfig(write({ ...minimal, duties: { keeper: true } }), { TEST_RELAYER_KEY: key }))).toContain('keys.keeper: required');
    expect(configError(() => loadConfig(write({ ...minimal, duties: { oracle: true }, keys: { ...minimal.keys, oracleMembers: [{ env: 'TEST_RELAYER_KEY' }] } }), { TEST_RELAYER_KEY: key }))).toContain('beaconUrl: required');
    expect(configError(() => loadConfig(write({ ...minimal, duties: { guardian: true } }), { TEST_RELAYER_KEY: key }))).toContain('keys.guardians: at least one key');
    expect(configError(() => loadConfig(write({ ...minimal, duties: { guardian: true }, keys: { ...minimal.keys, guardians: [{ devnet: 'guardian0' }] } }), { TEST_RELAYER_KEY: key }))).toContain(
      'beaconUrl: required when duties.guardian',
    );
  });

  it('resolves one key per deposit guardian', () => {
    const config = loadConfig(
      write({ ...minimal, beaconUrl: 'http://127.0.0.1:5052', duties: { guardian: true }, keys: { ...minimal.keys, guardians: [{ devnet: 'guardian0' }, { devnet: 'guardian2' }] } }),
      { TEST_RELAYER_KEY: key },
    );
    expect(config.keys.guardians).toEqual([devnetAccounts[devnetGuardians[0]].privateKey, devnetAccounts[devnetGuardians[2]].privateKey]);
    expect(config.duties.guardian).toBe(true);
  });

  it('needs the loss guard\'s key and a beacon node when the duty is on, and resolves the devnet role', () => {
    expect(configError(() => loadConfig(write({ ...minimal, duties: { lossGuard: true } }), { TEST_RELAYER_KEY: key }))).toContain('keys.lossGuard: required');
    const withKey = { ...minimal, duties: { lossGuard: true }, keys: { ...minimal.keys, lossGuard: { devnet: 'lossGuard' } } };
    expect(configError(() => loadConfig(write(withKey), { TEST_RELAYER_KEY: key }))).toContain('beaconUrl: required when duties.lossGuard');
    const config = loadConfig(write({ ...withKey, beaconUrl: 'http://127.0.0.1:5052' }), { TEST_RELAYER_KEY: key });
    expect(config.keys.lossGuard).toBe(devnetAccounts[devnetRoles.lossGuard].privateKey);
    expect(config.duties.lossGuard).toBe(true);
  });

  it('reads keys from env and files and never puts a key in an error', () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, `${key}\n`);
    expect(readKey({ file: keyFile }, 'keys.relayer', dir)).toBe(key);
    expect(configError(() => readKey({ env: 'TEST_UNSET_KEY' }, 'keys.keeper', dir, {}))).toBe('keys.keeper: environment variable TEST_UNSET_KEY is not set');
    const broken = `${key.slice(0, 60)}zz`;
    const message = configError(() => readKey({ env: 'K' }, 'keys.relayer', dir, { K: broken }));
    expect(message).toContain('value redacted');
    expect(message).not.toContain(broken.slice(2, 20));
    expect(configError(() => readKey({ file: join(dir, 'missing') }, 'keys.relayer', dir))).toContain('ENOENT');
  });

  it('reads one key of a comma-separated list by its position', () => {
    const other = devnetAccounts[devnetRoles.keeper].privateKey;
    expect(readKey({ env: 'KEYS', index: 1 }, 'keys.guardians.1', dir, { KEYS: `${key}, ${other}` })).toBe(other);
    expect(configError(() => readKey({ env: 'KEYS', index: 2 }, 'keys.guardians.2', dir, { KEYS: `${key},${other}` }))).toBe('keys.guardians.2: environment variable KEYS has no key at position 2');
  });

  it('gives every devnet service its own devnet account, as the shipped devnet config does', async () => {
    const config = relayerConfig({ manifest: manifestPath, keys: devnetServiceKeys(), beaconUrl: 'http://127.0.0.1:5052', duties: { oracle: true, guardian: true, dvn: true } });
    const account = (index: number) => devnetAccounts[index]!.privateKey;
    expect(config.keys).toEqual({
      relayer: account(devnetRoles.relayer),
      lzDelivery: account(devnetRoles.lzDelivery),
      keeper: account(devnetRoles.keeper),
      lossGuard: account(devnetRoles.lossGuard),
      oracleMembers: devnetOracleMembers.map(account),
      guardians: devnetGuardians.map(account),
      dvns: devnetDvnSigners.map(account),
    });
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(new URL('../config/devnet.json', import.meta.url), 'utf8')).keys).toEqual(devnetServiceKeys());
  });

  it('redacts keys, with or without 0x, from any text', () => {
    expect(redact(`signer ${key} / ${key.slice(2)}`, [key])).toBe('signer 0x<redacted> / <redacted>');
  });

  it('parses both example configs shipped with the relayer', async () => {
    const { readFileSync } = await import('node:fs');
    for (const name of ['devnet.json', 'public.example.json']) {
      const document = JSON.parse(readFileSync(new URL(`../config/${name}`, import.meta.url), 'utf8'));
      expect(() => parseConfig(document, name)).not.toThrow();
    }
  });
});
