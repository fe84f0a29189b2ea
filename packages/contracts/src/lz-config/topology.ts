/**
 * Which Tributary messages cross which LayerZero pathway, and which OApps send and receive them.
 * This is protocol structure (it follows from the contracts), not deployment data: the production
 * file says how each pathway is secured, this says what must be wired on it.
 */

export type Role = 'hub' | 'spoke';
export type Direction = 'hubToSpoke' | 'spokeToHub' | 'spokeToSpoke';

/** OApps on each role, by the contract names the deployment manifest uses. */
export const oappsByRole = {
  hub: ['RateBroadcaster', 'TrETHAdapter', 'BackingLedger'],
  spoke: ['RateReceiver', 'TrETH', 'SpokePool'],
} as const satisfies Record<Role, readonly string[]>;

export type HubOApp = (typeof oappsByRole.hub)[number];
export type SpokeOApp = (typeof oappsByRole.spoke)[number];
export type OAppName = HubOApp | SpokeOApp;

/** A peer pair: the OApp on each role that talks to its counterpart. */
export interface Application {
  hub: HubOApp;
  spoke: SpokeOApp;
}

export const applications = {
  rate: { hub: 'RateBroadcaster', spoke: 'RateReceiver' },
  oft: { hub: 'TrETHAdapter', spoke: 'TrETH' },
  batch: { hub: 'BackingLedger', spoke: 'SpokePool' },
} as const satisfies Record<string, Application>;

export type ApplicationName = keyof typeof applications;

export interface MessageKind {
  application: ApplicationName;
  /** The `msgType` the sending OApp looks its enforced options up by. */
  msgType: number;
  directions: readonly Direction[];
  /** The message carries a compose call: its enforced options also give lzCompose gas (wiring.json `enforcedComposeGas`). */
  composed?: true;
}

/**
 * Keys match contracts/config/wiring.json `enforcedReceiveGas`, where the receive gas lives:
 * rateUpdate = RateBroadcaster.MSG_RATE; oftCredit = OFTCore SEND; oftCompose = OFTCore
 * SEND_AND_CALL (a send with a compose message: without enforced compose gas a sender could ask
 * for 1 gas, and the compose would sit in the endpoint's queue until someone retried it);
 * batch and halt = BatchMessage.BATCH and BatchMessage.HALT.
 */
export const messageKinds = {
  rateUpdate: { application: 'rate', msgType: 1, directions: ['hubToSpoke'] },
  oftCredit: { application: 'oft', msgType: 1, directions: ['hubToSpoke', 'spokeToHub', 'spokeToSpoke'] },
  oftCompose: { application: 'oft', msgType: 2, directions: ['hubToSpoke', 'spokeToHub', 'spokeToSpoke'], composed: true },
  batch: { application: 'batch', msgType: 1, directions: ['spokeToHub'] },
  halt: { application: 'batch', msgType: 2, directions: ['hubToSpoke'] },
} as const satisfies Record<string, MessageKind>;

export type MessageKindName = keyof typeof messageKinds;
export const messageKindNames = Object.keys(messageKinds) as MessageKindName[];

export function direction(from: Role, to: Role): Direction {
  if (from === 'hub' && to === 'spoke') return 'hubToSpoke';
  if (from === 'spoke' && to === 'hub') return 'spokeToHub';
  if (from === 'spoke' && to === 'spoke') return 'spokeToSpoke';
  throw new Error('there is only one hub: no hub-to-hub pathway exists');
}

/** The message kinds that travel in `dir`, i.e. the enforced options a pathway in that direction needs. */
export function kindsFor(dir: Direction): MessageKindName[] {
  return messageKindNames.filter((kind) => (messageKinds[kind].directions as readonly Direction[]).includes(dir));
}

/** The OApp that plays `application` on a chain of `role`. */
export function oappFor(application: ApplicationName, role: Role): OAppName {
  return applications[application][role];
}
