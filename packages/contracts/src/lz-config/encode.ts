/**
 * Turns a validated pathway into the exact transactions that apply it: EndpointV2 library
 * selection and `setConfig` (ULN302 config types 1 = executor, 2 = ULN), and the sending OApp's
 * `setEnforcedOptions`. Struct layouts come from LayerZero's own ABIs (SendUln302 `getUlnConfig`
 * / `getExecutorConfig`), so the bytes are what the libraries `abi.decode`.
 */
import { type Address, type Hex, decodeAbiParameters, encodeAbiParameters, encodeFunctionData, getAbiItem } from 'viem';
import { endpointV2Abi, sendUln302Abi, trETHOFTAbi } from '../generated/abis.ts';
import { lzReceiveAndComposeOption, lzReceiveOption } from '../layerzero.ts';
import type { OAppName } from './topology.ts';
import type { ExecutorConfig, ResolvedEnforcedOption, ResolvedPathway, UlnConfig } from './config.ts';

/** SendUln302/ReceiveUln302 `configType`s. */
export const CONFIG_TYPE_EXECUTOR = 1;
export const CONFIG_TYPE_ULN = 2;
/**
 * In an OApp's ULN config a count of 0 means "inherit the library default" and 255 means "none".
 * An empty list is written as 255 so the pathway never picks up whatever DVNs LayerZero's default
 * config holds: what the file says is exactly what verifies.
 */
export const NIL_DVN_COUNT = 255;

const ulnConfigParameter = getAbiItem({ abi: sendUln302Abi, name: 'getUlnConfig' }).outputs;
const executorConfigParameter = getAbiItem({ abi: sendUln302Abi, name: 'getExecutorConfig' }).outputs;
/** Every Tributary OApp inherits OAppOptionsType3; the OFT's ABI carries the shared function. */
const setEnforcedOptionsAbi = [getAbiItem({ abi: trETHOFTAbi, name: 'setEnforcedOptions' })] as const;

/** The type-3 options one enforced option stands for: lzReceive gas, plus lzCompose gas for a composed kind. */
export function enforcedOptionBytes(option: ResolvedEnforcedOption): Hex {
  return option.composeGas === undefined ? lzReceiveOption(option.gas) : lzReceiveAndComposeOption(option.gas, option.composeGas);
}

export function encodeUlnConfig(config: UlnConfig): Hex {
  return encodeAbiParameters(ulnConfigParameter, [
    {
      confirmations: config.confirmations,
      requiredDVNCount: config.requiredDVNs.length === 0 ? NIL_DVN_COUNT : config.requiredDVNs.length,
      optionalDVNCount: config.optionalDVNs.length === 0 ? NIL_DVN_COUNT : config.optionalDVNs.length,
      optionalDVNThreshold: config.optionalDVNThreshold,
      requiredDVNs: config.requiredDVNs,
      optionalDVNs: config.optionalDVNs,
    },
  ]);
}

/** Reads the bytes `EndpointV2.getConfig(..., CONFIG_TYPE_ULN)` returns. */
export function decodeUlnConfig(encoded: Hex): UlnConfig {
  const [config] = decodeAbiParameters(ulnConfigParameter, encoded);
  return { ...config, requiredDVNs: [...config.requiredDVNs], optionalDVNs: [...config.optionalDVNs] };
}

export function encodeExecutorConfig(config: ExecutorConfig): Hex {
  return encodeAbiParameters(executorConfigParameter, [config]);
}

export function decodeExecutorConfig(encoded: Hex): ExecutorConfig {
  const [config] = decodeAbiParameters(executorConfigParameter, encoded);
  return { ...config };
}

export interface ConfigCall {
  chain: string;
  chainId: number;
  to: Address;
  /** `EndpointV2`, or the OApp the call goes to. */
  contract: 'EndpointV2' | OAppName;
  functionName: 'setSendLibrary' | 'setReceiveLibrary' | 'setConfig' | 'setEnforcedOptions';
  /**
   * Who must send it. Endpoint calls need the OApp itself or its endpoint delegate (set to the
   * owner by OAppCore's constructor, changeable with `setDelegate`); `setEnforcedOptions` needs the OApp owner.
   */
  sender: 'delegate' | 'owner';
  oapp: Address;
  data: Hex;
  summary: string;
}

export interface PathwayCalls {
  pathway: string;
  /** Calls on the source chain: send library, executor + ULN config, enforced options. */
  source: ConfigCall[];
  /** Calls on the destination chain: receive library and ULN config. */
  destination: ConfigCall[];
}

/** Who verifies, by address: a reviewer must see which DVNs, not only how many. */
const dvnSummary = (uln: UlnConfig) =>
  `${uln.requiredDVNs.length} required DVN(s) ${uln.requiredDVNs.join(', ')}` +
  `${uln.optionalDVNs.length > 0 ? ` + ${uln.optionalDVNThreshold} of optional ${uln.optionalDVNs.join(', ')}` : ''}, ${uln.confirmations} confirmation(s)`;

/**
 * Encodes the transactions that wire one pathway for every application that uses it. A new
 * receive library is set with no grace period: this wires fresh OApps; migrating live ones
 * needs a grace period so in-flight messages still verify.
 */
export function encodePathwayCalls(pathway: ResolvedPathway): PathwayCalls {
  const { source, destination } = pathway;
  const sourceCalls: ConfigCall[] = [];
  const destinationCalls: ConfigCall[] = [];
  const onSource = { chain: source.chain, chainId: source.chainId };
  const onDestination = { chain: destination.chain, chainId: destination.chainId };

  for (const app of pathway.applications) {
    const sender = app.sender.address;
    const receiver = app.receiver.address;
    sourceCalls.push(
      {
        ...onSource,
        to: source.endpoint,
        contract: 'EndpointV2',
        functionName: 'setSendLibrary',
        sender: 'delegate',
        oapp: sender,
        data: encodeFunctionData({ abi: endpointV2Abi, functionName: 'setSendLibrary', args: [sender, destination.eid, source.library] }),
        summary: `${app.sender.name}: send library to ${destination.chain} = SendUln302 ${source.library}`,
      },
      {
        ...onSource,
        to: source.endpoint,
        contract: 'EndpointV2',
        functionName: 'setConfig',
        sender: 'delegate',
        oapp: sender,
        data: encodeFunctionData({
          abi: endpointV2Abi,
          functionName: 'setConfig',
          args: [
            sender,
            source.library,
            [
              { eid: destination.eid, configType: CONFIG_TYPE_EXECUTOR, config: encodeExecutorConfig(source.executor) },
              { eid: destination.eid, configType: CONFIG_TYPE_ULN, config: encodeUlnConfig(source.uln) },
            ],
          ],
        }),
        summary: `${app.sender.name}: executor ${source.executor.executor} (max ${source.executor.maxMessageSize} bytes), ${dvnSummary(source.uln)}`,
      },
      {
        ...onSource,
        to: sender,
        contract: app.sender.name,
        functionName: 'setEnforcedOptions',
        sender: 'owner',
        oapp: sender,
        data: encodeFunctionData({
          abi: setEnforcedOptionsAbi,
          functionName: 'setEnforcedOptions',
          args: [app.enforcedOptions.map((option) => ({ eid: destination.eid, msgType: option.msgType, options: enforcedOptionBytes(option) }))],
        }),
        summary: `${app.sender.name}: enforced gas to ${destination.chain}: ${app.enforcedOptions.map((o) => `${o.kind} (msgType ${o.msgType}) ${o.gas}${o.composeGas === undefined ? '' : ` + lzCompose ${o.composeGas}`}`).join(', ')}`,
      },
    );
    destinationCalls.push(
      {
        ...onDestination,
        to: destination.endpoint,
        contract: 'EndpointV2',
        functionName: 'setReceiveLibrary',
        sender: 'delegate',
        oapp: receiver,
        data: encodeFunctionData({ abi: endpointV2Abi, functionName: 'setReceiveLibrary', args: [receiver, source.eid, destination.library, 0n] }),
        summary: `${app.receiver.name}: receive library from ${source.chain} = ReceiveUln302 ${destination.library}`,
      },
      {
        ...onDestination,
        to: destination.endpoint,
        contract: 'EndpointV2',
        functionName: 'setConfig',
        sender: 'delegate',
        oapp: receiver,
        data: encodeFunctionData({
          abi: endpointV2Abi,
          functionName: 'setConfig',
          args: [receiver, destination.library, [{ eid: source.eid, configType: CONFIG_TYPE_ULN, config: encodeUlnConfig(destination.uln) }]],
        }),
        summary: `${app.receiver.name}: ${dvnSummary(destination.uln)}`,
      },
    );
  }
  return { pathway: pathway.id, source: sourceCalls, destination: destinationCalls };
}
