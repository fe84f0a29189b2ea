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
  /** What installments have paid of it so far: a credit over the source's limit is paid one limit per window. */
  paid: bigint;
  /** LayerZero endpoint id of the chain it came from. */
  srcEid: number;
  /**
   * Unix seconds from which anyone may release it (its next installment), if the credits parked
   * ahead of it from the same source are released promptly; `undefined` when it is not parked or
   * its source has no limit yet.
   */
  releasableAt: bigint | undefined;
  /** When its last installment can be released, on the same terms; `undefined` as for `releasableAt`. */
  arrivesInFullAt: bigint | undefined;
  /** The guardian paused releases: nothing is paid until the owner unpauses. */
  releasesPaused: boolean;
}

/**
 * The on-chain record (`parkedCredit(guid)`) and release estimate, as the app shows them. `limit`
 * and `window` are the source's inbound limit (`inboundCapacity`): after the next installment, each
 * further one follows a window later.
 */
export function toParkedCredit(
  guid: Hex,
  record: { to: Address; amountSD: bigint; paidSD: bigint; srcEid: number; status: number },
  releasableAt: bigint,
  releasesPaused: boolean,
  decimalConversionRate: bigint,
  { limit, window }: { limit: bigint; window: bigint },
): ParkedCredit {
  const status = STATUSES[record.status] ?? 'none';
  const amount = record.amountSD * decimalConversionRate;
  const paid = record.paidSD * decimalConversionRate;
  const next = status === 'parked' && releasableAt !== NEVER ? releasableAt : undefined;
  const afterNext = amount - paid > limit ? amount - paid - limit : 0n;
  const laterInstallments = limit > 0n ? (afterNext + limit - 1n) / limit : 0n;
  return {
    guid,
    status,
    recipient: record.to,
    amount,
    paid,
    srcEid: record.srcEid,
    releasableAt: next,
    arrivesInFullAt: next === undefined ? undefined : next + laterInstallments * window,
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
  const [limit, window] = await readContract(client, { ...contract, functionName: 'inboundCapacity', args: [record.srcEid], ...at });
  return toParkedCredit(guid, record, releasableAt, paused, rate, { limit, window });
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
