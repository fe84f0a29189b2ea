/**
 * Audits a deployment from the chains themselves: what its OApps and LayerZero endpoints are
 * configured to do now, whatever any file says. For every pathway of the topology it fails on a
 * default or non-ULN302 library, fewer than two verifying DVNs at either end, a missing executor
 * or enforced option, a missing outbound or inbound limit on an OFT route, a peer that is not the counterpart
 * the manifest names, and an owner or LayerZero delegate that is not the chain's timelock.
 */
import { type Abi, type Address, type Hex, type PublicClient, getAbiItem, isAddressEqual, zeroAddress } from 'viem';
import { endpointV2Abi, sendUln302Abi, trETHOFTAbi } from '../generated/abis.ts';
import { addressToBytes32, lzComposeGas, lzReceiveGas } from '../layerzero.ts';
import type { Manifest } from '../manifest.ts';
import { type EnforcedGas, type LzConfigIssue, MIN_VERIFIERS, minimumSigners } from './config.ts';
import { CONFIG_TYPE_EXECUTOR, CONFIG_TYPE_ULN, NIL_DVN_COUNT, decodeExecutorConfig, decodeUlnConfig } from './encode.ts';
import { type MessageKindName, type OAppName, type Role, applications, direction, kindsFor, messageKinds, oappFor } from './topology.ts';

/** ULN302 reports version 3.0.2; SimpleMessageLib 0.0.2, the ULN301 compatibility libraries 3.0.1. */
const ULN302_VERSION = [3n, 0, 2] as const;
/** The manifest entry that names each chain's timelock, the owner every OApp must have. */
export const TIMELOCK_CONTRACT = 'Timelock';

/** The OApp functions the audit reads; every Tributary OApp has them (the OFT's ABI carries them). */
const oappAbi = [
  getAbiItem({ abi: trETHOFTAbi, name: 'peers' }),
  getAbiItem({ abi: trETHOFTAbi, name: 'enforcedOptions' }),
  getAbiItem({ abi: trETHOFTAbi, name: 'owner' }),
] as const;
const outboundLimitAbi = [getAbiItem({ abi: trETHOFTAbi, name: 'rateLimits' })] as const;
const inboundLimitAbi = [getAbiItem({ abi: trETHOFTAbi, name: 'inboundCapacity' })] as const;
const libraryVersionAbi = [getAbiItem({ abi: sendUln302Abi, name: 'version' })] as const;

export interface AuditedChain {
  role: Role;
  eid: number;
  client: PublicClient;
  endpoint: Address;
  /** The OApps by topology name, and the timelock when the deployment has one. */
  contracts: Readonly<Record<string, Address | undefined>>;
}

export interface AuditReport {
  issues: LzConfigIssue[];
  /** `from->to application`, for each route the audit read. */
  routes: string[];
}

/** The chains of a deployment manifest, read through `clients`. */
export function auditedChainsOf(manifest: Manifest, clients: Readonly<Record<string, PublicClient>>): Record<string, AuditedChain> {
  return Object.fromEntries(
    Object.entries(manifest.chains).map(([name, chain]) => {
      const client = clients[name];
      if (!client) throw new Error(`no client for chain ${name}`);
      const contracts = chain.contracts as unknown as Record<string, Address | undefined>;
      return [name, { role: chain.role, eid: chain.eid, client, endpoint: chain.contracts.EndpointV2, contracts }];
    }),
  );
}

export async function auditDeployment(chains: Readonly<Record<string, AuditedChain>>, gas: EnforcedGas): Promise<AuditReport> {
  const issues: LzConfigIssue[] = [];
  const routes: string[] = [];
  const add = (where: string, field: string, message: string) => issues.push({ where, field, message });
  const names = Object.keys(chains);

  for (const from of names) {
    for (const to of names) {
      const source = chains[from]!;
      const destination = chains[to]!;
      if (from === to || (source.role === 'hub' && destination.role === 'hub')) continue;
      const dir = direction(source.role, destination.role);
      const kinds = kindsFor(dir);
      const applicationNames = [...new Set(kinds.map((kind) => messageKinds[kind].application))];
      for (const application of applicationNames) {
        const where = `${from}->${to} ${application}`;
        const senderName = oappFor(application, source.role);
        const receiverName = oappFor(application, destination.role);
        const sender = source.contracts[senderName];
        const receiver = destination.contracts[receiverName];
        if (!sender || !receiver) {
          add(where, sender ? receiverName : senderName, `is not in the manifest for ${sender ? to : from}`);
          continue;
        }
        routes.push(where);
        const kindsHere = kinds.filter((kind) => messageKinds[kind].application === application);
        await auditSendSide(add, where, source, senderName, sender, destination.eid, receiver, kindsHere, gas);
        await auditReceiveSide(add, where, destination, receiverName, receiver, source.eid, sender);
        if (application === 'oft') {
          await auditOutboundLimit(add, where, source, senderName, sender, destination.eid);
          await auditInboundLimit(add, where, destination, receiverName, receiver, source.eid);
        }
      }
    }
  }
  for (const [name, chain] of Object.entries(chains)) await auditOwners(add, name, chain);
  return { issues, routes };
}

type Add = (where: string, field: string, message: string) => void;

async function auditSendSide(
  add: Add,
  where: string,
  chain: AuditedChain,
  name: OAppName,
  oapp: Address,
  dstEid: number,
  counterpart: Address,
  kinds: readonly MessageKindName[],
  gas: EnforcedGas,
) {
  const read = readerFor(chain);
  await auditPeer(add, where, chain, name, oapp, dstEid, counterpart);
  const [library, isDefault] = await Promise.all([
    read(endpointV2Abi, chain.endpoint, 'getSendLibrary', [oapp, dstEid]) as Promise<Address>,
    read(endpointV2Abi, chain.endpoint, 'isDefaultSendLibrary', [oapp, dstEid]) as Promise<boolean>,
  ]);
  if (isDefault) add(where, `${name} send library`, "is the endpoint's default: a change LayerZero makes to the default would apply to this route");
  if (!(await auditLibrary(add, where, chain, `${name} send library`, library))) return;
  const [ulnBytes, executorBytes] = await Promise.all([
    read(endpointV2Abi, chain.endpoint, 'getConfig', [oapp, library, dstEid, CONFIG_TYPE_ULN]) as Promise<Hex>,
    read(endpointV2Abi, chain.endpoint, 'getConfig', [oapp, library, dstEid, CONFIG_TYPE_EXECUTOR]) as Promise<Hex>,
  ]);
  auditVerifiers(add, where, `${name} send ULN config`, ulnBytes);
  const executor = decodeExecutorConfig(executorBytes);
  if (isAddressEqual(executor.executor, zeroAddress)) add(where, `${name} executor`, 'is not set: nobody is paid to deliver');
  for (const kind of kinds) {
    const { msgType } = messageKinds[kind];
    const options = (await read(oappAbi, oapp, 'enforcedOptions', [dstEid, msgType])) as Hex;
    if (options === '0x') {
      add(where, `${name} enforced options (${kind}, msgType ${msgType})`, 'are missing: a sender could pay for too little gas and leave the message stuck');
      continue;
    }
    const receiveGas = lzReceiveGas(options).gas;
    const wanted = gas.receive[kind];
    if (wanted !== undefined && receiveGas < wanted) add(where, `${name} enforced lzReceive gas (${kind})`, `is ${receiveGas}, under the ${wanted} wiring.json gives`);
    const composeWanted = gas.compose[kind];
    if (composeWanted !== undefined && lzComposeGas(options) < composeWanted) {
      add(where, `${name} enforced lzCompose gas (${kind})`, `is ${lzComposeGas(options)}, under the ${composeWanted} wiring.json gives`);
    }
  }
}

async function auditReceiveSide(add: Add, where: string, chain: AuditedChain, name: OAppName, oapp: Address, srcEid: number, counterpart: Address) {
  const read = readerFor(chain);
  await auditPeer(add, where, chain, name, oapp, srcEid, counterpart);
  const [library, isDefault] = (await read(endpointV2Abi, chain.endpoint, 'getReceiveLibrary', [oapp, srcEid])) as readonly [Address, boolean];
  if (isDefault) add(where, `${name} receive library`, "is the endpoint's default: a change LayerZero makes to the default would apply to this route");
  if (!(await auditLibrary(add, where, chain, `${name} receive library`, library))) return;
  auditVerifiers(add, where, `${name} receive ULN config`, (await read(endpointV2Abi, chain.endpoint, 'getConfig', [oapp, library, srcEid, CONFIG_TYPE_ULN])) as Hex);
}

async function auditPeer(add: Add, where: string, chain: AuditedChain, name: OAppName, oapp: Address, eid: number, counterpart: Address) {
  const peer = (await readerFor(chain)(oappAbi, oapp, 'peers', [eid])) as Hex;
  if (peer.toLowerCase() !== addressToBytes32(counterpart).toLowerCase()) add(where, `${name} peer for eid ${eid}`, `is ${peer}, the manifest's counterpart is ${counterpart}`);
}

/** True when `library` is ULN302 (so its config can be read as one). */
async function auditLibrary(add: Add, where: string, chain: AuditedChain, field: string, library: Address): Promise<boolean> {
  if (isAddressEqual(library, zeroAddress)) {
    add(where, field, 'is not set');
    return false;
  }
  const version = (await readerFor(chain)(libraryVersionAbi, library, 'version', []).catch(() => undefined)) as readonly [bigint, number, number] | undefined;
  const isUln302 = version !== undefined && version[0] === ULN302_VERSION[0] && version[1] === ULN302_VERSION[1] && version[2] === ULN302_VERSION[2];
  if (!isUln302) add(where, field, `${library} is not ULN302 (version ${version ? version.join('.') : 'unknown'})`);
  return isUln302;
}

function auditVerifiers(add: Add, where: string, field: string, encoded: Hex) {
  const uln = decodeUlnConfig(encoded);
  const required = uln.requiredDVNCount === NIL_DVN_COUNT ? [] : uln.requiredDVNs;
  const optional = uln.optionalDVNCount === NIL_DVN_COUNT ? [] : uln.optionalDVNs;
  const signers = minimumSigners(required, optional, uln.optionalDVNThreshold);
  if (signers < MIN_VERIFIERS) add(where, field, `${signers} DVN(s) must verify a message, under the ${MIN_VERIFIERS} policy requires (required: ${required.join(', ') || 'none'})`);
}

async function auditOutboundLimit(add: Add, where: string, chain: AuditedChain, name: OAppName, oft: Address, dstEid: number) {
  const [, , limit, window] = (await readerFor(chain)(outboundLimitAbi, oft, 'rateLimits', [dstEid])) as readonly [bigint, bigint, bigint, bigint];
  if (limit === 0n || window === 0n) add(where, `${name} outbound rate limit`, 'is not set: sends on this route are refused, or unbounded once opened without a window');
}

async function auditInboundLimit(add: Add, where: string, chain: AuditedChain, name: OAppName, oft: Address, srcEid: number) {
  const [limit, window] = (await readerFor(chain)(inboundLimitAbi, oft, 'inboundCapacity', [srcEid])) as readonly [bigint, bigint, bigint, bigint, bigint];
  if (limit === 0n || window === 0n) add(where, `${name} inbound rate limit`, 'is not set: every credit from this source parks until one is');
}

/** Every OApp on the chain is owned by the chain's timelock, which is also its LayerZero delegate. */
async function auditOwners(add: Add, chainName: string, chain: AuditedChain) {
  const timelock = chain.contracts[TIMELOCK_CONTRACT];
  const oapps = [...new Set(Object.values(applications).map((application) => application[chain.role]))];
  if (!timelock) {
    add(chainName, TIMELOCK_CONTRACT, 'is not in the manifest: nothing holds configuration changes to a delay');
    return;
  }
  const read = readerFor(chain);
  for (const name of oapps) {
    const oapp = chain.contracts[name];
    if (!oapp) continue;
    const [owner, delegate] = await Promise.all([
      read(oappAbi, oapp, 'owner', []) as Promise<Address>,
      read(endpointV2Abi, chain.endpoint, 'delegates', [oapp]) as Promise<Address>,
    ]);
    if (!isAddressEqual(owner, timelock)) add(chainName, `${name} owner`, `is ${owner}, not the timelock ${timelock}`);
    if (!isAddressEqual(delegate, timelock)) add(chainName, `${name} LayerZero delegate`, `is ${delegate}, not the timelock ${timelock}: library and DVN changes would skip the delay`);
  }
}

function readerFor(chain: AuditedChain) {
  return (abi: Abi | readonly unknown[], address: Address, functionName: string, args: readonly unknown[]) =>
    chain.client.readContract({ abi: abi as Abi, address, functionName, args });
}
