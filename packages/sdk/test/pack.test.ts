/**
 * Proves the package installs outside the workspace: packs it as it would be published, checks
 * the tarball, and imports the packed dist from plain Node ESM with viem as the only dependency.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'tributary-sdk-pack-'));
let files: string[] = [];
let tarball = '';
let packed: { name: string; dependencies?: object; peerDependencies?: Record<string, string>; devDependencies?: object; exports: unknown };

beforeAll(() => {
  if (!existsSync(join(packageDir, 'dist/index.js'))) throw new Error('dist/ is missing: run `pnpm --filter @tributary/sdk build` first');
  execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: packageDir, stdio: 'pipe' });
  const name = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (!name) throw new Error(`pnpm pack wrote no tarball in ${work}`);
  tarball = join(work, name);
  files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  execFileSync('tar', ['-xzf', tarball, '-C', work]);
  packed = JSON.parse(readFileSync(join(work, 'package/package.json'), 'utf8'));
});

describe('packed @tributary/sdk', () => {
  it('contains the built JavaScript and declarations for every entry, and no sources or tests', () => {
    for (const entry of ['index', 'node', 'tributary', 'errors', 'manifest', 'abis']) {
      expect(files).toContain(`package/dist/${entry}.js`);
      expect(files).toContain(`package/dist/${entry}.d.ts`);
    }
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/README.md');
    expect(files.filter((file) => !file.startsWith('package/dist/') && !/package\/(package\.json|README\.md)$/.test(file))).toEqual([]);
  });

  it('has no workspace: dependency and takes viem as a peer', () => {
    expect(JSON.stringify(packed)).not.toContain('workspace:');
    expect(packed.dependencies ?? {}).toEqual({});
    expect(Object.keys(packed.peerDependencies ?? {})).toEqual(['viem']);
    expect(packed.exports).toMatchObject({ '.': { types: './dist/index.d.ts', import: './dist/index.js' } });
  });

  it('imports from plain Node ESM with only viem installed beside it', () => {
    const app = join(work, 'app');
    // Installed as a package manager would: the tarball's files, not a link back to the workspace.
    const installed = join(app, 'node_modules/@tributary/sdk');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    // viem as the app would have it: the copy this workspace resolves.
    const viemDir = dirname(realpathSync(createRequire(join(packageDir, 'package.json')).resolve('viem/package.json')));
    symlinkSync(viemDir, join(app, 'node_modules/viem'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(app, 'main.js'),
      `import { createTributary, parseManifest, StaleRateError, TributaryError, trETHAbi } from '@tributary/sdk';
import { fromManifestFile } from '@tributary/sdk/node';
const a = (n) => '0x' + n.toString(16).padStart(40, '0');
const manifest = parseManifest({ chains: {
  hub: { role: 'hub', chainId: 1, eid: 30101, rpcUrl: 'http://127.0.0.1:1', contracts: { TrETH: a(1), TrETHAdapter: a(2), WithdrawalQueue: a(3), BackingLedger: a(4) } },
  op: { role: 'spoke', chainId: 10, eid: 30111, rpcUrl: 'http://127.0.0.1:2', contracts: { TrETH: a(5), SpokePool: a(6), RateReceiver: a(7) } } } });
const tributary = createTributary({ manifest });
console.log(JSON.stringify({
  hub: tributary.hub, spokes: tributary.spokes, typed: new StaleRateError('op', 2n, 1n) instanceof TributaryError,
  abi: trETHAbi.some((item) => item.name === 'depositETH'), node: typeof fromManifestFile,
}));
`,
    );
    const output = execFileSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ hub: 'hub', spokes: ['op'], typed: true, abi: true, node: 'function' });
  });
});
