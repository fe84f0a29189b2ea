/**
 * `pnpm --filter @tributary/contracts lz:check [file] [--calls]`: validates a production LayerZero
 * pathway config and prints what each pathway enforces, or every issue found. Exits 1 on any issue.
 * `--calls` also prints the encoded transactions (target, sender role, calldata) for review.
 *
 * `lz:check --rpc <manifest>` audits a deployment instead: it reads every route's libraries, DVNs,
 * executor, enforced options, limits, peers and owners from the chains the manifest names.
 */
import { readFileSync } from 'node:fs';
import { createPublicClient, http } from 'viem';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import wiring from '@tributary/contracts-src/config/wiring.json' with { type: 'json' };
import { checkEconomics } from '../src/economics.ts';
import { readManifest } from '../src/node/manifest.ts';
import { auditDeployment, auditedChainsOf, checkProductionConfig, encodePathwayCalls, formatIssue, type LzConfigIssue, wiringEnforcedGas } from '../src/lz-config/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const args = process.argv.slice(2);
const usage = 'usage: lz:check [config.json] [--calls]  |  lz:check --rpc <manifest.json>';
// pnpm runs package scripts in the package folder; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
const fromCwd = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));

if (args[0] === '--rpc') {
  if (args.length !== 2 || args[1]!.startsWith('--')) {
    console.error(usage);
    process.exit(2);
  }
  process.exit(await auditManifest(fromCwd(args[1]!)));
}

const unknownFlags = args.filter((arg) => arg.startsWith('--') && arg !== '--calls');
const files = args.filter((arg) => !arg.startsWith('--'));
if (unknownFlags.length > 0 || files.length > 1) {
  console.error(`${usage}   (unknown: ${[...unknownFlags, ...files.slice(1)].join(' ')})`);
  process.exit(2);
}
// With --calls, stdout carries only the JSON (so it can be redirected); the report goes to stderr.
const report = args.includes('--calls') ? console.error : console.log;
const file = files[0] ? fromCwd(files[0]) : resolve(repoRoot, 'contracts/config/networks/production.json');

let raw: unknown;
try {
  raw = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`lz:check: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

report(`Checking ${relative(cwd, file) || file} (gas and economics from contracts/config/wiring.json)\n`);
const { pathways, issues: pathwayIssues } = checkProductionConfig(raw, wiringEnforcedGas);
// The deployed parameters must not make spoke minting profitable against the rate feed.
const issues = [...checkEconomics(wiring).map((issue) => ({ where: 'wiring.json', ...issue })), ...pathwayIssues];
const byPlace = new Map<string, LzConfigIssue[]>();
for (const issue of issues) byPlace.set(issue.where, [...(byPlace.get(issue.where) ?? []), issue]);

for (const [where, list] of byPlace) {
  if (where.includes('->')) continue;
  report(`✗ ${where}`);
  for (const issue of list) report(formatIssue(issue));
}
const fileOrder = Array.isArray((raw as { pathways?: unknown }).pathways) ? ((raw as { pathways: { from?: unknown; to?: unknown }[] }).pathways) : [];
const ids = [...new Set([...fileOrder.map((p) => `${String(p?.from)}->${String(p?.to)}`), ...[...byPlace.keys()].filter((w) => w.includes('->'))])];
for (const id of ids) {
  const pathway = pathways.find((p) => p.id === id);
  const list = byPlace.get(id) ?? [];
  if (pathway && list.length === 0) {
    const { uln, executor } = pathway.source;
    const optional = uln.optionalDVNs.length > 0 ? ` + ${uln.optionalDVNThreshold} of ${uln.optionalDVNs.length} optional` : '';
    const gas = pathway.applications.flatMap((app) => app.enforcedOptions.map((o) => `${o.kind} ${o.gas}${o.composeGas === undefined ? '' : `+compose ${o.composeGas}`}`)).join(', ');
    report(`✓ ${id}: ${uln.requiredDVNs.length} required DVNs${optional}, ${uln.confirmations} confirmations, executor max ${executor.maxMessageSize} bytes; gas: ${gas}`);
  } else {
    report(`✗ ${id}${list.length === 0 ? ': not resolved (see the chain issues above)' : ''}`);
    for (const issue of list) report(formatIssue(issue));
  }
}

if (issues.length > 0) {
  report(`\n${issues.length} issue${issues.length === 1 ? '' : 's'}: this config must not be applied.`);
  process.exit(1);
}
report(`\nOK: ${pathways.length} pathways, each verified by at least 2 DVNs.`);
if (args.includes('--calls')) {
  console.log(JSON.stringify(pathways.map(encodePathwayCalls), null, 2));
}

/** Audits the deployment `path` names on its own chains; returns the exit code. */
async function auditManifest(path: string): Promise<number> {
  let manifest;
  try {
    manifest = readManifest(path);
  } catch (error) {
    console.error(`lz:check: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const clients = Object.fromEntries(Object.entries(manifest.chains).map(([name, chain]) => [name, createPublicClient({ transport: http(chain.rpcUrl) })]));
  console.log(`Auditing the deployment in ${relative(cwd, path) || path} on its chains\n`);
  let report;
  try {
    report = await auditDeployment(auditedChainsOf(manifest, clients), wiringEnforcedGas);
  } catch (error) {
    console.error(`lz:check: cannot read the deployment: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 2;
  }
  for (const route of report.routes) {
    const found = report.issues.filter((issue) => issue.where === route);
    console.log(`${found.length === 0 ? '✓' : '✗'} ${route}`);
    for (const issue of found) console.log(formatIssue(issue));
  }
  const elsewhere = report.issues.filter((issue) => !report.routes.includes(issue.where));
  for (const issue of elsewhere) console.log(`✗ ${formatIssue(issue).trim()}`);
  if (report.issues.length > 0) {
    console.log(`\n${report.issues.length} issue${report.issues.length === 1 ? '' : 's'} in the deployed configuration.`);
    return 1;
  }
  console.log(`\nOK: ${report.routes.length} routes, each verified by at least 2 DVNs, limited, and owned by the timelock.`);
  return 0;
}
