/**
 * The production LayerZero pathway config: its file format, and the validator that turns a file
 * into resolved pathways or refuses it. The policy it enforces is the reason it exists: a
 * single-verifier pathway lets one compromised or forged verification mint (the ~$292M forged
 * message of April 2026), so every production pathway needs at least two independent DVNs.
 */
import { type Address, getAddress, isAddress, zeroAddress } from 'viem';
import {
  type ApplicationName,
  type Direction,
  type MessageKindName,
  type OAppName,
  type Role,
  direction,
  kindsFor,
  messageKindNames,
  messageKinds,
  oappFor,
  oappsByRole,
} from './topology.ts';

/** Fewest independent verifiers that must sign every message on a production pathway. */
export const MIN_VERIFIERS = 2;
/** Production message libraries, by the contract name the file uses for them. */
export const SEND_LIBRARY = 'SendUln302';
export const RECEIVE_LIBRARY = 'ReceiveUln302';
/** Libraries that exist for local chains or migrations and must never carry production traffic. */
const forbiddenLibraries: Record<string, string> = {
  SimpleMessageLib: "is the devnet's library: one whitelisted caller verifies every packet",
  BlockedMessageLib: 'blocks every message',
  SendUln301: 'is the Endpoint V1 compatibility library',
  ReceiveUln301: 'is the Endpoint V1 compatibility library',
};
/** ULN302 stores counts as uint8 and caps each DVN list at 127 entries. */
const MAX_DVNS = 127;
const MAX_UINT32 = 2 ** 32 - 1;

// ---------------------------------------------------------------- file format (as written)

export interface ChainEntry {
  role: Role;
  chainId: number;
  /** LayerZero endpoint id; mainnet ids are 30xxx. */
  eid: number;
  endpoint: string;
  /** Message library contract name -> address on this chain. */
  messageLibs: Record<string, string>;
  /** Executor name -> address on this chain. */
  executors: Record<string, string>;
  /** DVN provider name -> this chain's address of that provider's DVN. */
  dvns: Record<string, string>;
  /** OApp contract name (manifest names) -> deployed address. */
  oapps: Record<string, string>;
}

export interface PathwayEntry {
  from: string;
  to: string;
  sendLibrary: string;
  receiveLibrary: string;
  /** DVN provider names; resolved per chain and sorted by address for the ULN. */
  requiredDVNs: string[];
  optionalDVNs: string[];
  optionalDVNThreshold: number;
  /** Source-chain blocks the DVNs wait before verifying; the same on both ends. */
  confirmations: number;
  executor: string;
  maxMessageSize: number;
  /** Message kinds (wiring.json `enforcedReceiveGas` keys) enforced on this pathway. */
  enforcedOptions: string[];
}

export interface ProductionConfigFile {
  chains: Record<string, ChainEntry>;
  pathways: PathwayEntry[];
}

// ---------------------------------------------------------------- resolved (what the encoder needs)

/** Mirrors ULN302's `UlnConfig` struct (uln/UlnBase.sol). */
export interface UlnConfig {
  confirmations: bigint;
  requiredDVNCount: number;
  optionalDVNCount: number;
  optionalDVNThreshold: number;
  requiredDVNs: Address[];
  optionalDVNs: Address[];
}

/** Mirrors SendLibBase's `ExecutorConfig` struct. */
export interface ExecutorConfig {
  maxMessageSize: number;
  executor: Address;
}

export interface PathwayEnd {
  chain: string;
  chainId: number;
  eid: number;
  endpoint: Address;
  library: Address;
  /** DVN addresses on this chain (each end has its own deployment of every DVN). */
  uln: UlnConfig;
}

export interface ResolvedEnforcedOption {
  kind: MessageKindName;
  msgType: number;
  gas: bigint;
  /** lzCompose gas (compose index 0), for a composed message kind only. */
  composeGas?: bigint;
}

export interface ResolvedApplication {
  name: ApplicationName;
  sender: { name: OAppName; address: Address };
  receiver: { name: OAppName; address: Address };
  enforcedOptions: ResolvedEnforcedOption[];
}

export interface ResolvedPathway {
  /** `from->to`, as error messages and the CLI name it. */
  id: string;
  direction: Direction;
  source: PathwayEnd & { executor: ExecutorConfig };
  destination: PathwayEnd;
  applications: ResolvedApplication[];
}

// ---------------------------------------------------------------- errors

export interface LzConfigIssue {
  /** Where: `chains.optimism.dvns.google-cloud`, `ethereum->optimism`, ... */
  where: string;
  field: string;
  message: string;
}

export class LzConfigError extends Error {
  override name = 'LzConfigError';
  constructor(readonly issues: readonly LzConfigIssue[]) {
    super(`LayerZero config rejected (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${issues.map(formatIssue).join('\n')}`);
  }
}

export function formatIssue(issue: LzConfigIssue): string {
  return `  ${issue.where}: ${issue.field}: ${issue.message}`;
}

// ---------------------------------------------------------------- validation

const isComposed = (kind: MessageKindName): boolean => 'composed' in messageKinds[kind];

/**
 * Gas per message kind, from contracts/config/wiring.json: `receive` is `enforcedReceiveGas`
 * (lzReceive), `compose` is `enforcedComposeGas` (lzCompose, for composed kinds only).
 */
export interface EnforcedGas {
  receive: Readonly<Record<string, bigint>>;
  compose: Readonly<Record<string, bigint>>;
}

export class Issues {
  readonly list: LzConfigIssue[] = [];
  add(where: string, field: string, message: string): void {
    this.list.push({ where, field, message });
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys starting with `$` are notes for humans (`$comment`, `$sources`) and are ignored. */
function checkKeys(issues: Issues, where: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!key.startsWith('$') && !allowed.includes(key)) issues.add(where, key, `unknown field (expected one of ${allowed.join(', ')})`);
  }
}

export function addressOf(issues: Issues, where: string, field: string, value: unknown): Address | undefined {
  if (typeof value !== 'string') {
    issues.add(where, field, 'missing: an address is required');
    return undefined;
  }
  if (!isAddress(value, { strict: false })) {
    const placeholder = /^(REQUIRED|TODO|FILL|TBD|0x\.\.\.)/i.test(value.trim());
    issues.add(where, field, placeholder ? `placeholder "${value}": fill in the deployed address` : `"${value}" is not an address`);
    return undefined;
  }
  if (getAddress(value) === zeroAddress) {
    issues.add(where, field, 'is the zero address');
    return undefined;
  }
  return getAddress(value);
}

export function integerOf(issues: Issues, where: string, field: string, value: unknown, min: number, max: number): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.add(where, field, `must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

export function addressMap(issues: Issues, where: string, field: string, value: unknown): Record<string, Address> {
  const out: Record<string, Address> = {};
  if (!isRecord(value)) {
    issues.add(where, field, 'must be an object of name -> address');
    return out;
  }
  for (const [name, entry] of Object.entries(value)) {
    if (name.startsWith('$')) continue;
    const address = addressOf(issues, where, `${field}.${name}`, entry);
    if (address) out[name] = address;
  }
  return out;
}

interface CheckedChain {
  name: string;
  role: Role;
  chainId: number;
  eid: number;
  endpoint?: Address;
  messageLibs: Record<string, Address>;
  executors: Record<string, Address>;
  dvns: Record<string, Address>;
  oapps: Record<string, Address>;
}

const chainFields = ['role', 'chainId', 'eid', 'endpoint', 'messageLibs', 'executors', 'dvns', 'oapps'] as const;
const pathwayFields = [
  'from',
  'to',
  'sendLibrary',
  'receiveLibrary',
  'requiredDVNs',
  'optionalDVNs',
  'optionalDVNThreshold',
  'confirmations',
  'executor',
  'maxMessageSize',
  'enforcedOptions',
] as const;

function checkChain(issues: Issues, name: string, raw: unknown, eidRange: EidRange): CheckedChain | undefined {
  const where = `chains.${name}`;
  if (!isRecord(raw)) {
    issues.add(where, '(entry)', 'must be an object');
    return undefined;
  }
  checkKeys(issues, where, raw, chainFields);
  if (raw.role !== 'hub' && raw.role !== 'spoke') {
    issues.add(where, 'role', `must be "hub" or "spoke", got ${JSON.stringify(raw.role)}`);
    return undefined;
  }
  const role: Role = raw.role;
  const chainId = integerOf(issues, where, 'chainId', raw.chainId, 1, Number.MAX_SAFE_INTEGER) ?? 0;
  // LayerZero numbers mainnet endpoints 30xxx and testnets 40xxx (the devnet uses 40xxx too).
  const eid = integerOf(issues, where, 'eid', raw.eid, 1, MAX_UINT32) ?? 0;
  if (eidRange === 'mainnet' && eid !== 0 && (eid < 30_000 || eid >= 40_000)) issues.add(where, 'eid', `${eid} is not a mainnet endpoint id (30xxx)`);
  const chain: CheckedChain = {
    name,
    role,
    chainId,
    eid,
    endpoint: addressOf(issues, where, 'endpoint', raw.endpoint),
    messageLibs: addressMap(issues, where, 'messageLibs', raw.messageLibs),
    executors: addressMap(issues, where, 'executors', raw.executors),
    dvns: addressMap(issues, where, 'dvns', raw.dvns),
    oapps: addressMap(issues, where, 'oapps', raw.oapps),
  };
  if (isRecord(raw.messageLibs)) {
    for (const library of Object.keys(raw.messageLibs)) {
      const reason = forbiddenLibraries[library];
      if (reason) issues.add(where, `messageLibs.${library}`, `${library} ${reason}; production uses ${SEND_LIBRARY}/${RECEIVE_LIBRARY}`);
    }
  }
  const expectedOApps: readonly string[] = oappsByRole[role];
  if (isRecord(raw.oapps)) {
    for (const oapp of expectedOApps) if (!(oapp in raw.oapps)) issues.add(where, `oapps.${oapp}`, `missing: a ${role} deploys ${oapp}`);
    for (const oapp of Object.keys(raw.oapps)) {
      if (!oapp.startsWith('$') && !expectedOApps.includes(oapp)) issues.add(where, `oapps.${oapp}`, `not an OApp of a ${role} (expected ${expectedOApps.join(', ')})`);
    }
  }
  return chain;
}

function stringList(issues: Issues, where: string, field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    issues.add(where, field, 'must be a list of names');
    return [];
  }
  return value as string[];
}

const byAddress = (a: Address, b: Address) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

/** Resolves DVN provider names to one chain's addresses, sorted ascending as ULN302 requires. */
function resolveDVNs(issues: Issues, where: string, field: string, names: readonly string[], chain: CheckedChain): Address[] {
  const addresses: Address[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const address = chain.dvns[name];
    if (!address) {
      issues.add(where, field, `DVN "${name}" has no address on ${chain.name} (a DVN must be deployed on both ends of a pathway)`);
      continue;
    }
    const previous = seen.get(address.toLowerCase());
    if (previous !== undefined) {
      issues.add(where, field, previous === name ? `DVN "${name}" is listed twice` : `DVNs "${previous}" and "${name}" are the same contract on ${chain.name} (${address})`);
      continue;
    }
    seen.set(address.toLowerCase(), name);
    addresses.push(address);
  }
  return addresses.sort(byAddress);
}

/** Independent verifiers that must sign a message: all required DVNs, plus the optional threshold minus optional DVNs that are also required. */
export function minimumSigners(required: readonly string[], optional: readonly string[], threshold: number): number {
  const overlap = optional.filter((dvn) => required.includes(dvn)).length;
  return new Set(required).size + Math.max(0, threshold - overlap);
}

function checkPathway(
  issues: Issues,
  raw: unknown,
  index: number,
  chains: ReadonlyMap<string, CheckedChain>,
  gas: EnforcedGas,
): ResolvedPathway | undefined {
  if (!isRecord(raw)) {
    issues.add(`pathways[${index}]`, '(entry)', 'must be an object');
    return undefined;
  }
  const id = `${String(raw.from)}->${String(raw.to)}`;
  checkKeys(issues, id, raw, pathwayFields);
  const from = typeof raw.from === 'string' ? chains.get(raw.from) : undefined;
  const to = typeof raw.to === 'string' ? chains.get(raw.to) : undefined;
  if (!from) issues.add(id, 'from', `unknown chain ${JSON.stringify(raw.from)}`);
  if (!to) issues.add(id, 'to', `unknown chain ${JSON.stringify(raw.to)}`);
  if (!from || !to) return undefined;
  if (from === to || (from.role === 'hub' && to.role === 'hub')) {
    issues.add(id, 'to', 'a pathway joins two different chains, at most one of them the hub');
    return undefined;
  }
  const dir = direction(from.role, to.role);
  const before = issues.list.length;

  // Libraries: only ULN302; name the devnet library explicitly, it is the likeliest mistake.
  const library = (field: 'sendLibrary' | 'receiveLibrary', expected: string, chain: CheckedChain): Address | undefined => {
    const name = raw[field];
    if (typeof name !== 'string') {
      issues.add(id, field, `missing: use ${expected}`);
      return undefined;
    }
    if (name !== expected) {
      const reason = forbiddenLibraries[name];
      issues.add(id, field, reason ? `${name} ${reason}; production uses ${expected}` : `"${name}" is not ${expected}`);
      return undefined;
    }
    const address = chain.messageLibs[name];
    if (!address) issues.add(id, field, `${chain.name} has no messageLibs.${name} address`);
    return address;
  };
  const sendLibrary = library('sendLibrary', SEND_LIBRARY, from);
  const receiveLibrary = library('receiveLibrary', RECEIVE_LIBRARY, to);

  // Verifiers.
  const required = stringList(issues, id, 'requiredDVNs', raw.requiredDVNs);
  const optional = stringList(issues, id, 'optionalDVNs', raw.optionalDVNs ?? []);
  const threshold = integerOf(issues, id, 'optionalDVNThreshold', raw.optionalDVNThreshold ?? 0, 0, MAX_DVNS) ?? 0;
  if (required.length > MAX_DVNS) issues.add(id, 'requiredDVNs', `at most ${MAX_DVNS} DVNs`);
  if (optional.length > MAX_DVNS) issues.add(id, 'optionalDVNs', `at most ${MAX_DVNS} DVNs`);
  if (optional.length === 0 && threshold !== 0) issues.add(id, 'optionalDVNThreshold', 'must be 0 without optional DVNs');
  if (optional.length > 0 && (threshold < 1 || threshold > optional.length)) {
    issues.add(id, 'optionalDVNThreshold', `must be between 1 and ${optional.length} (the optional DVNs listed)`);
  }
  const signers = minimumSigners(required, optional, threshold);
  if (signers < MIN_VERIFIERS) {
    issues.add(
      id,
      'requiredDVNs',
      `${signers} verifier${signers === 1 ? '' : 's'} must sign (${required.length} required + optional threshold ${threshold}); ` +
        `production needs at least ${MIN_VERIFIERS} independent DVNs per pathway: a single verifier is a single point of forgery`,
    );
  }
  const ends = [from, to].map((chain) => ({
    requiredDVNs: resolveDVNs(issues, id, 'requiredDVNs', required, chain),
    optionalDVNs: resolveDVNs(issues, id, 'optionalDVNs', optional, chain),
  }));

  // Finality: 0 would mean "inherit LayerZero's default" in ULN302, not "no wait".
  const confirmations = integerOf(issues, id, 'confirmations', raw.confirmations, 0, Number.MAX_SAFE_INTEGER);
  if (confirmations === 0) {
    issues.add(
      id,
      'confirmations',
      dir === 'spokeToHub'
        ? 'must be at least 1: a spoke->hub message credits ETH on the hub, and a reorg on the spoke could undo the batch it accounts for'
        : 'must be at least 1: 0 means "use the default" in ULN302, so the pathway would silently follow LayerZero\'s setting',
    );
  }

  // Execution.
  const executorName = raw.executor;
  const executor = typeof executorName === 'string' ? from.executors[executorName] : undefined;
  if (!executor) issues.add(id, 'executor', `${JSON.stringify(executorName)} is not an executor listed on ${from.name}`);
  const maxMessageSize = integerOf(issues, id, 'maxMessageSize', raw.maxMessageSize, 1, MAX_UINT32);

  // Enforced options: exactly the message kinds that travel in this direction, gas from wiring.json.
  const listed = stringList(issues, id, 'enforcedOptions', raw.enforcedOptions);
  const needed = kindsFor(dir);
  for (const kind of needed) {
    if (!listed.includes(kind)) {
      const { application, msgType } = messageKinds[kind];
      issues.add(
        id,
        'enforcedOptions',
        `missing "${kind}" (${oappFor(application, from.role)} -> ${oappFor(application, to.role)}, msgType ${msgType}): without it the message can be sent under-gassed and stick`,
      );
    }
  }
  for (const kind of listed) {
    if (!(messageKindNames as string[]).includes(kind)) issues.add(id, 'enforcedOptions', `unknown message kind "${kind}" (known: ${messageKindNames.join(', ')})`);
    else if (!needed.includes(kind as MessageKindName)) issues.add(id, 'enforcedOptions', `"${kind}" does not travel ${from.role}->${to.role}`);
  }
  if (new Set(listed).size !== listed.length) issues.add(id, 'enforcedOptions', 'lists a message kind twice');
  for (const kind of needed) {
    const value = gas.receive[kind];
    if (value === undefined || value <= 0n) issues.add(id, 'enforcedOptions', `wiring.json enforcedReceiveGas.${kind} is missing or zero`);
    const compose = gas.compose[kind];
    if (isComposed(kind) && (compose === undefined || compose <= 0n)) {
      issues.add(id, 'enforcedOptions', `wiring.json enforcedComposeGas.${kind} is missing or zero: a composed send could ask for 1 gas and its compose would stick`);
    }
  }

  // OApps at both ends.
  const applicationNames = [...new Set(needed.map((kind) => messageKinds[kind].application))];
  const applications: ResolvedApplication[] = [];
  for (const name of applicationNames) {
    const senderName = oappFor(name, from.role);
    const receiverName = oappFor(name, to.role);
    const sender = from.oapps[senderName];
    const receiver = to.oapps[receiverName];
    if (!sender || !receiver) continue; // reported under chains.<name>.oapps
    applications.push({
      name,
      sender: { name: senderName, address: sender },
      receiver: { name: receiverName, address: receiver },
      enforcedOptions: needed
        .filter((kind) => messageKinds[kind].application === name)
        .map((kind) => ({
          kind,
          msgType: messageKinds[kind].msgType,
          gas: gas.receive[kind] ?? 0n,
          ...(isComposed(kind) ? { composeGas: gas.compose[kind] ?? 0n } : {}),
        })),
    });
  }

  if (issues.list.length > before || !from.endpoint || !to.endpoint || !sendLibrary || !receiveLibrary || !executor) return undefined;
  if (confirmations === undefined || maxMessageSize === undefined || applications.length !== applicationNames.length) return undefined;
  const uln = (end: (typeof ends)[number]): UlnConfig => ({
    confirmations: BigInt(confirmations),
    requiredDVNCount: end.requiredDVNs.length,
    optionalDVNCount: end.optionalDVNs.length,
    optionalDVNThreshold: threshold,
    requiredDVNs: end.requiredDVNs,
    optionalDVNs: end.optionalDVNs,
  });
  const [sourceDVNs, destinationDVNs] = ends as [(typeof ends)[number], (typeof ends)[number]];
  return {
    id,
    direction: dir,
    source: {
      chain: from.name,
      chainId: from.chainId,
      eid: from.eid,
      endpoint: from.endpoint,
      library: sendLibrary,
      uln: uln(sourceDVNs),
      executor: { executor, maxMessageSize },
    },
    destination: { chain: to.name, chainId: to.chainId, eid: to.eid, endpoint: to.endpoint, library: receiveLibrary, uln: uln(destinationDVNs) },
    applications,
  };
}

/** `mainnet`: only LayerZero's mainnet endpoint ids (30xxx); `any`: local chains, which use testnet ids. */
export type EidRange = 'mainnet' | 'any';

export interface CheckResult {
  pathways: ResolvedPathway[];
  issues: LzConfigIssue[];
}

/**
 * Checks a parsed production file and resolves every pathway; never throws on bad input, so the
 * CLI can print every issue at once. `validateProductionConfig` is the throwing form.
 */
export function checkProductionConfig(raw: unknown, gas: EnforcedGas, eidRange: EidRange = 'mainnet'): CheckResult {
  const issues = new Issues();
  if (!isRecord(raw)) {
    issues.add('(file)', '(root)', 'must be a JSON object with "chains" and "pathways"');
    return { pathways: [], issues: issues.list };
  }
  // `deployment` is the deploy's own section (deploy/network.ts): pathways do not depend on it.
  checkKeys(issues, '(file)', raw, ['chains', 'pathways', 'deployment']);
  const chains = new Map<string, CheckedChain>();
  if (!isRecord(raw.chains)) issues.add('(file)', 'chains', 'must be an object of chain name -> chain');
  else {
    for (const [name, entry] of Object.entries(raw.chains)) {
      if (name.startsWith('$')) continue;
      const chain = checkChain(issues, name, entry, eidRange);
      if (chain) chains.set(name, chain);
    }
  }
  const hubs = [...chains.values()].filter((chain) => chain.role === 'hub');
  if (hubs.length !== 1) issues.add('(file)', 'chains', `exactly one hub is required, found ${hubs.length}`);
  const eids = new Map<number, string>();
  for (const chain of chains.values()) {
    const other = eids.get(chain.eid);
    if (other !== undefined && chain.eid !== 0) issues.add(`chains.${chain.name}`, 'eid', `${chain.eid} is also ${other}'s eid`);
    eids.set(chain.eid, chain.name);
  }

  const pathways: ResolvedPathway[] = [];
  const seen = new Set<string>();
  if (!Array.isArray(raw.pathways)) issues.add('(file)', 'pathways', 'must be a list of pathways');
  else {
    raw.pathways.forEach((entry, index) => {
      if (isRecord(entry)) {
        const id = `${String(entry.from)}->${String(entry.to)}`;
        if (seen.has(id)) issues.add(id, '(pathway)', 'configured twice');
        seen.add(id);
      }
      const pathway = checkPathway(issues, entry, index, chains, gas);
      if (pathway) pathways.push(pathway);
    });
  }
  // An unconfigured direction would run on LayerZero's default config, whatever that is today.
  for (const from of chains.values()) {
    for (const to of chains.values()) {
      if (from === to || (from.role === 'hub' && to.role === 'hub')) continue;
      const id = `${from.name}->${to.name}`;
      if (!seen.has(id)) issues.add(id, '(pathway)', "missing: every hub<->spoke and spoke<->spoke direction must be configured, or it runs on LayerZero's defaults");
    }
  }
  return { pathways, issues: issues.list };
}

/** Validates a parsed production file; throws `LzConfigError` listing every issue. */
export function validateProductionConfig(raw: unknown, gas: EnforcedGas, eidRange: EidRange = 'mainnet'): ResolvedPathway[] {
  const { pathways, issues } = checkProductionConfig(raw, gas, eidRange);
  if (issues.length > 0) throw new LzConfigError(issues);
  return pathways;
}
