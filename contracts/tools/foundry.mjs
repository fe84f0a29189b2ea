#!/usr/bin/env node
/**
 * Runs forge (or cast) from the @foundry-rs npm packages and exits with the tool's own status.
 * The packages' `bin` wrappers (1.7.1) spawn the native binary but never pass its exit code on:
 * a failing `forge test` exits 0 through them, which would let CI pass red tests.
 * Usage: node tools/foundry.mjs forge test [...]
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const [tool, ...args] = process.argv.slice(2);
if (tool !== 'forge' && tool !== 'cast') {
  process.stderr.write(`usage: node tools/foundry.mjs <forge|cast> [args...], got "${tool ?? ''}"\n`);
  process.exit(2);
}
const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch;
const platformPackage = `@foundry-rs/${tool}-${process.platform}-${arch}`;
// The platform package is a dependency of the wrapper, so resolve it from there.
const fromWrapper = createRequire(createRequire(import.meta.url).resolve(`@foundry-rs/${tool}/package.json`));
const binary = join(dirname(fromWrapper.resolve(`${platformPackage}/package.json`)), 'bin', tool);

const child = spawn(binary, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(`cannot run ${binary}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
