import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Runs the CLI without blocking the test worker (a synchronous spawn starves vitest's own RPC). */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, ...env }, timeout: 30_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr, stdout })));
}

describe('relayer command line', () => {
  it('requires a beacon node for oracle members, and a well-formed one', async () => {
    expect((await run(['--devnet'])).stderr).toContain('--beacon-url: required when duties.oracle is on');
    expect((await run(['--devnet', '--beacon-url', 'beacon:5052'])).stderr).toContain('--beacon-url: must be an http(s) URL');
  });

  it('prints usage for --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: tributary-relayer/);
  });

  it('names a missing manifest and how to create it', async () => {
    const { code, stderr } = await run(['--manifest', '/nonexistent/local.json', '--devnet', '--beacon-url', 'http://127.0.0.1:5052']);
    expect(code).toBe(2);
    expect(stderr).toContain('/nonexistent/local.json: not found. Start the devnet');
  });

  it('names the first bad field of an invalid manifest', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'relayer-cli-')), 'bad.json');
    writeFileSync(path, JSON.stringify({ chains: { hub: { role: 'spoke' } } }));
    const { code, stderr } = await run(['--manifest', path, '--devnet', '--beacon-url', 'http://127.0.0.1:5052']);
    expect(code).toBe(2);
    expect(stderr).toContain('chains.hub.role must be "hub"');
  });

  it('rejects unknown options and malformed keys without echoing the key', async () => {
    expect((await run(['--frobnicate'])).stderr).toMatch(/Unknown option '--frobnicate'/);
    const secret = '0x1234';
    const { code, stderr } = await run(['--manifest', '/nonexistent.json'], { RELAYER_PRIVATE_KEY: secret });
    expect(code).toBe(2);
    expect(stderr).toContain('keys.relayer: environment variable RELAYER_PRIVATE_KEY holds no 32-byte hex private key');
    expect(stderr).not.toContain(secret);
  });

  it('rejects a non-numeric loop interval, checked by the config schema', async () => {
    const { code, stderr } = await run(['--devnet', '--beacon-url', 'http://127.0.0.1:5052', '--loop-ms', 'fast']);
    expect(code).toBe(2);
    expect(stderr).toContain('--loop-ms: Invalid input: expected number, received string');
  });

  it('rejects malformed batch thresholds', async () => {
    const base = ['--devnet', '--beacon-url', 'http://127.0.0.1:5052'];
    expect((await run([...base, '--batch-min-eth', '1e18'])).stderr).toContain('--batch-min-eth: must be an ETH amount like "32" or "0.5"');
    expect((await run([...base, '--batch-max-age', '0'])).stderr).toContain('--batch-max-age: Too small: expected number to be >0');
  });

  it('fails at start on an invalid config file, naming the bad field', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'relayer-cli-')), 'relayer.json');
    writeFileSync(path, JSON.stringify({ manifest: 'local.json', keys: { relayer: { env: 'X' } }, chains: { alpha: { rpcPollingIntervalMs: 0 } } }));
    const { code, stderr } = await run(['--config', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('chains.alpha.rpcPollingIntervalMs');
  });

  it('refuses --config mixed with shortcut options', async () => {
    const { code, stderr } = await run(['--config', 'relayer.json', '--loop-ms', '100']);
    expect(code).toBe(2);
    expect(stderr).toContain('--config cannot be combined with --loop-ms');
  });
});
