import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('relayer command line', () => {
  it('requires a beacon node for oracle members, and a well-formed one', () => {
    expect(run(['--devnet']).stderr).toContain('--beacon-url: required when duties.oracle is on');
    expect(run(['--devnet', '--beacon-url', 'beacon:5052']).stderr).toContain('--beacon-url: must be an http(s) URL');
  });

  it('prints usage for --help', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: tributary-relayer/);
  });

  it('names a missing manifest and how to create it', () => {
    const { code, stderr } = run(['--manifest', '/nonexistent/local.json', '--devnet', '--beacon-url', 'http://127.0.0.1:5052']);
    expect(code).toBe(2);
    expect(stderr).toContain('/nonexistent/local.json: not found. Start the devnet');
  });

  it('names the first bad field of an invalid manifest', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'relayer-cli-')), 'bad.json');
    writeFileSync(path, JSON.stringify({ chains: { hub: { role: 'spoke' } } }));
    const { code, stderr } = run(['--manifest', path, '--devnet', '--beacon-url', 'http://127.0.0.1:5052']);
    expect(code).toBe(2);
    expect(stderr).toContain('chains.hub.role must be "hub"');
  });

  it('rejects unknown options and malformed keys without echoing the key', () => {
    expect(run(['--frobnicate']).stderr).toMatch(/Unknown option '--frobnicate'/);
    const secret = '0x1234';
    const { code, stderr } = run(['--manifest', '/nonexistent.json'], { RELAYER_PRIVATE_KEY: secret });
    expect(code).toBe(2);
    expect(stderr).toContain('keys.relayer: environment variable RELAYER_PRIVATE_KEY holds no 32-byte hex private key');
    expect(stderr).not.toContain(secret);
  });

  it('rejects a non-numeric loop interval, checked by the config schema', () => {
    const { code, stderr } = run(['--devnet', '--beacon-url', 'http://127.0.0.1:5052', '--loop-ms', 'fast']);
    expect(code).toBe(2);
    expect(stderr).toContain('--loop-ms: Invalid input: expected number, received string');
  });

  it('rejects malformed batch thresholds', () => {
    const base = ['--devnet', '--beacon-url', 'http://127.0.0.1:5052'];
    expect(run([...base, '--batch-min-eth', '1e18']).stderr).toContain('--batch-min-eth: must be an ETH amount like "32" or "0.5"');
    expect(run([...base, '--batch-max-age', '0']).stderr).toContain('--batch-max-age: Too small: expected number to be >0');
  });

  it('fails at start on an invalid config file, naming the bad field', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'relayer-cli-')), 'relayer.json');
    writeFileSync(path, JSON.stringify({ manifest: 'local.json', keys: { relayer: { env: 'X' } }, chains: { alpha: { rpcPollingIntervalMs: 0 } } }));
    const { code, stderr } = run(['--config', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('chains.alpha.rpcPollingIntervalMs');
  });

  it('refuses --config mixed with shortcut options', () => {
    const { code, stderr } = run(['--config', 'relayer.json', '--loop-ms', '100']);
    expect(code).toBe(2);
    expect(stderr).toContain('--config cannot be combined with --loop-ms');
  });
});
