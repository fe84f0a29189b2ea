import type { Address, BlockNumber, Client, Hex } from 'viem';
import { getBlockNumber, getContractEvents, readContract } from 'viem/actions';
import { trETHOFTAbi } from './abis.js';

/** Where a bridged credit stands on its destination OFT's inbound limit. */
export type ParkedStatus = 'none' | 'parked' | 'released' | 'cancelled';

const STATUSES: readonly ParkedStatus[] = ['none', 'parked', 'released', 'cancelled'];
/** `releasableAt` for a source the owner has not opened yet (no inbound limit). */
const NEVER = 2n ** 256n - 1n;

/** A credit the destination OFT parked because it did not fit the source's inbound window. */
export interface ParkedCredit {
  guid: Hex;
  status: ParkedStatus;
  recipient: Address;
  /** trETH, 18 decimals. */
  amount: bigint;
  /** LayerZero endpoint id of the chain it came from. */
  srcEid: number;
  /**
   * Unix seconds from which anyone may release it, if the credits parked ahead of it from the same
   * source are released promptly; `undefined` when it is not parked or its source has no limit yet.
   */
  releasableAt: bigint | undefined;
  /** The guardian paused releases: nothing is paid until the owner unpauses. */
  releasesPaused: boolean;
}

/** The on-chain record (`parkedCredit(guid)`) and release estimate, as the app shows them. */
export function toParkedCredit(
  guid: Hex,
  record: { to: Address; amountSD: bigint; srcEid: number; status: number },
  releasableAt: bigint,
  releasesPaused: boolean,
  decimalConversionRate: bigint,
): ParkedCredit {
  const status = STATUSES[record.status] ?? 'none';
  return {
    guid,
    status,
    recipient: record.to,
    amount: record.amountSD * decimalConversionRate,
    srcEid: record.srcEid,
    releasableAt: status === 'parked' && releasableAt !== NEVER ? releasableAt : undefined,
    releasesPaused,
  };
}

/** A parked credit by its LayerZero guid on `oft` (the hub lockbox or a spoke TrETHOFT). */
export async function parkedCredit(client: Client, { oft, guid, blockNumber }: { oft: Address; guid: Hex; blockNumber?: bigint }): Promise<ParkedCredit> {
  const at = blockNumber === undefined ? {} : { blockNumber };
  const contract = { address: oft, abi: trETHOFTAbi } as const;
  const [record, releasableAt, paused, rate] = await Promise.all([
    readContract(client, { ...contract, functionName: 'parkedCredit', args: [guid], ...at }),
    readContract(client, { ...contract, functionName: 'releasableAt', args: [guid], ...at }),
    readContract(client, { ...contract, functionName: 'releasesPaused', ...at }),
    readContract(client, { ...contract, functionName: 'decimalConversionRate', ...at }),
  ]);
  return toParkedCredit(guid, record, releasableAt, paused, rate);
}

/**
 * Every credit `oft` parked for `recipient` (oldest first) and where each stands now, from the
 * `CreditParked` logs: the OFT keeps no per-recipient index.
 */
export async function parkedCreditsOf(
  client: Client,
  { oft, recipient, fromBlock = 0n }: { oft: Address; recipient: Address; fromBlock?: bigint },
): Promise<ParkedCredit[]> {
  const toBlock: BlockNumber = await getBlockNumber(client, { cacheTime: 0 });
  const logs = await getContractEvents(client, {
    address: oft,
    abi: trETHOFTAbi,
    eventName: 'CreditParked',
    args: { to: recipient },
    fromBlock,
    toBlock,
    strict: true,
  });
  return Promise.all(logs.map((log) => parkedCredit(client, { oft, guid: log.args.guid, blockNumber: toBlock })));
}
