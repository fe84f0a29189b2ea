/**
 * `pnpm --filter @tributary/contracts run deploy --network <devnet | file> [--plan] ...`: the one
 * deploy path. It plans the whole system on every chain of the network (deploys, wiring, LayerZero
 * pathways, limits, the timelock handover), then prints the plan (`--plan`: nothing is sent) or
 * sends it and writes the deployment (`--out`). `pnpm dev` deploys the devnet through the same plan.
 *
 *   --network devnet | <path>   devnet: the registry's chains and accounts; a path: a network file
 *                               such as contracts/config/networks/production.json
 *   --plan                      print every transaction, send nothing
 *   --rpc <chain>=<url>         a chain's RPC (the devnet's default to pnpm dev's ports); used for
 *                               the deployer's nonces, and to send
 *   --deployer <address>        who sends (a network file; the devnet's deployer is account 0)
 *   --nonce <chain>=<n>         the deployer's nonce on a chain without --rpc (default 0: a fresh account)
 *   --out <path>                where to write the deployed contracts (sending only)
 *   --expect-digest <0x...>     send only if the plan is the one reviewed (`--plan` prints its digest)
 *   --journal <path>            record every transaction as it is sent (default: beside --out)
 *   --resume <journal>          go on with a deploy that stopped: the same plan, from where it got
 * Sending on a network file signs with DEPLOYER_PRIVATE_KEY and waits for each receipt.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Address, type Hex, createPublicClient, createWalletClient, defineChain, getAddress, http, isAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainNames, localRpcUrl } from '@tributary/config';
import {
  type ChainSender,
  type Journal,
  type Network,
  devnetDeployer,
  devnetNetwork,
  formatPlan,
  planDigest,
  planSystem,
  readNetworkFile,
  sendPlan,
} from '../src/deploy/index.ts';

const usage = 'usage: deploy --network <devnet | network.json> [--plan] [--rpc chain=url]... [--deployer 0x...] [--nonce chain=n]... [--out deployment.json] [--expect-digest 0x...]';
const fail = (message: string, code = 2): never => {
  console.error(`deploy: ${message}`);
  process.exit(code);
};
const cwd = process.env.INIT_CWD ?? process.cwd();
const fromCwd = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        network: { type: 'string' },
        plan: { type: 'boolean', default: false },
        rpc: { type: 'string', multiple: true, default: [] },
        deployer: { type: 'string' },
        nonce: { type: 'string', multiple: true, default: [] },
        out: { type: 'string' },
        'expect-digest': { type: 'string' },
        journal: { type: 'string' },
        resume: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
})();
if (!values.network) fail(`--network is required\n${usage}`);

const pairs = (flag: string, list: string[]) =>
  Object.fromEntries(
    list.map((entry) => {
      const at = entry.indexOf('=');
      if (at <= 0) fail(`--${flag} ${entry}: expected <chain>=<value>`);
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
const rpcs: Record<string, string> = pairs('rpc', values.rpc);
const isDevnet = values.network === 'devnet';
if (isDevnet) for (const name of chainNames) rpcs[name] ??= localRpcUrl(name);

const client = (url: string) => createPublicClient({ transport: http(url), pollingInterval: 50 });

let network: Network;
try {
  if (isDevnet) {
    const genesis = await client(rpcs.hub!).getBlock({ blockNumber: 0n }).catch(() => fail(`the devnet's hub RPC ${rpcs.hub} does not answer: start the chains (pnpm dev) or pass --rpc hub=<url>`));
    network = devnetNetwork(genesis.timestamp);
  } else {
    const path = fromCwd(values.network!);
    const text = (() => {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        return fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    network = readNetworkFile(values.network!, JSON.parse(text));
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}
const known = new Set(network!.chains.map((chain) => chain.name));
for (const name of [...Object.keys(rpcs), ...Object.keys(pairs('nonce', values.nonce))]) if (!known.has(name)) fail(`${name} is not a chain of ${values.network} (${[...known].join(', ')})`);

const privateKey = isDevnet ? devnetDeployer.privateKey : (process.env.DEPLOYER_PRIVATE_KEY as Hex | undefined);
const deployer: Address = isDevnet
  ? devnetDeployer.address
  : values.deployer && isAddress(values.deployer)
    ? getAddress(values.deployer)
    : privateKey
      ? privateKeyToAccount(privateKey).address
      : fail('--deployer <address> is required (or DEPLOYER_PRIVATE_KEY)');
const journal: Journal | undefined = values.resume
  ? (() => {
      try {
        return JSON.parse(readFileSync(fromCwd(values.resume!), 'utf8')) as Journal;
      } catch (error) {
        return fail(`cannot read the journal ${values.resume}: ${error instanceof Error ? error.message : String(error)}`);
      }
    })()
  : undefined;
// A resumed deploy is planned from the nonces it started at, so it is the same plan.
const explicitNonces = journal ? Object.fromEntries(Object.entries(journal.chains).map(([name, chain]) => [name, String(chain.firstNonce)])) : pairs('nonce', values.nonce);
const nonces: Record<string, number> = {};
for (const chain of network!.chains) {
  const explicit = explicitNonces[chain.name];
  if (explicit !== undefined) {
    if (!/^\d+$/.test(explicit)) fail(`--nonce ${chain.name}=${explicit}: not a nonce`);
    nonces[chain.name] = Number(explicit);
  } else if (rpcs[chain.name]) nonces[chain.name] = await client(rpcs[chain.name]!).getTransactionCount({ address: deployer, blockTag: 'pending' });
  else nonces[chain.name] = 0;
}

let plan: ReturnType<typeof planSystem>;
try {
  plan = planSystem(network!, { deployer, nonces });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}
const { roles } = network!;
const roleNames: Record<string, Address> = { deployer, guardian: roles.guardian, treasury: roles.treasury, lossGuard: roles.lossGuard };
roles.timelock.executors.forEach((address, index) => (roleNames[`timelock executor ${index + 1}`] = address));
roles.timelock.proposers.forEach((address, index) => (roleNames[`timelock proposer ${index + 1}`] = address));
roles.oracleMembers.forEach((address, index) => (roleNames[`oracle member ${index + 1}`] = address));
roles.depositGuardians.forEach((address, index) => (roleNames[`deposit guardian ${index + 1}`] = address));

if (values.plan) {
  console.log(formatPlan(plan!, roleNames));
  process.exit(0);
}

const expected = values['expect-digest'];
if (expected !== undefined && expected.toLowerCase() !== planDigest(plan!).toLowerCase()) {
  fail(`the plan is not the one reviewed: its digest is ${planDigest(plan!)}, not ${expected} (the network file, the code or a nonce changed): review it again with --plan`, 1);
}
if (!privateKey) fail('sending needs DEPLOYER_PRIVATE_KEY (or --plan to only print)');
const account = privateKeyToAccount(privateKey!);
if (account.address !== deployer) fail(`DEPLOYER_PRIVATE_KEY is ${account.address}, not --deployer ${deployer}`);
const senders: Record<string, ChainSender> = {};
for (const chain of network!.chains) {
  const url = rpcs[chain.name] ?? fail(`--rpc ${chain.name}=<url> is required to send`);
  const viemChain = defineChain({ id: chain.chainId, name: chain.name, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [url] } } });
  senders[chain.name] = {
    publicClient: createPublicClient({ chain: viemChain, transport: http(url), pollingInterval: 50 }),
    walletClient: createWalletClient({ chain: viemChain, account, transport: http(url) }),
  };
}
try {
  const journalPath = values.resume ?? values.journal ?? (values.out ? `${values.out}.journal.json` : undefined);
  await sendPlan(plan!, senders, { log: console.log, confirmEach: !isDevnet, journalPath: journalPath && fromCwd(journalPath), resume: journal });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}
const deployment = {
  network: network!.name,
  chains: Object.fromEntries(network!.chains.map((chain) => [chain.name, { role: chain.role, chainId: chain.chainId, eid: chain.eid, contracts: plan!.chains[chain.name]!.contracts }])),
};
if (values.out) writeFileSync(fromCwd(values.out), `${JSON.stringify(deployment, null, 2)}\n`);
console.log(`deployed ${values.network}${values.out ? `: ${values.out}` : ''}`);
