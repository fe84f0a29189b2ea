/**
 * Economic checks on the deploy config (contracts/config/wiring.json), run before anything is
 * deployed. The one today: the spoke deposit fee must exceed the largest move one hub report can
 * make to the rate. A spoke prices mints at the last hub rate it received; if one report can lift
 * the hub rate by more than the fee, minting on a spoke just before the report and redeeming on the
 * hub after it is a free trade paid for by every other holder.
 */

/** The parts of wiring.json the checks read. */
export interface EconomicsConfig {
  spokePool: { feeBps: number };
  /** `feeBps`: the protocol's share of rewards (TrETH fee), taken before the rate moves. */
  hub: { feeBps: number };
  /** `maxPositiveRebasePpb`: the sanity checker's cap on pooled-ETH growth per report, in parts per billion. */
  oracle: { sanityLimits: { maxPositiveRebasePpb: number } };
}

export interface EconomicsIssue {
  field: string;
  message: string;
}

export class EconomicsConfigError extends Error {
  override name = 'EconomicsConfigError';
  constructor(readonly issues: readonly EconomicsIssue[]) {
    super(`deploy config rejected:\n${issues.map((issue) => `  ${issue.field}: ${issue.message}`).join('\n')}`);
  }
}

const BPS = 10_000n;
/** Parts per billion in one basis point. */
const PPB_PER_BPS = 100_000n;

/**
 * The largest rise of the hub rate one report can make, in parts per billion times 10,000 (kept
 * as an integer): pooled ETH grows at most `maxPositiveRebasePpb`, and the protocol fee takes
 * `hub.feeBps` of it before holders see it.
 */
function maxRateMoveScaled(config: EconomicsConfig): bigint {
  return BigInt(config.oracle.sanityLimits.maxPositiveRebasePpb) * (BPS - BigInt(config.hub.feeBps));
}

/** Every economic issue in `config` (empty when it passes). */
export function checkEconomics(config: EconomicsConfig): EconomicsIssue[] {
  const issues: EconomicsIssue[] = [];
  const { feeBps } = config.spokePool;
  const { maxPositiveRebasePpb } = config.oracle.sanityLimits;
  const hubFeeBps = config.hub.feeBps;
  const move = maxRateMoveScaled(config);
  // fee_bps * 1e5 (ppb) must exceed maxPositiveRebasePpb * (1 - hubFeeBps / 10,000), strictly.
  if (BigInt(feeBps) * PPB_PER_BPS * BPS <= move) {
    const movePct = Number(move) / Number(BPS) / 1e7;
    issues.push({
      field: 'spokePool.feeBps',
      message:
        `${feeBps} bps (${feeBps / 100}%) does not exceed the largest rate move one hub report can make: ` +
        `oracle.sanityLimits.maxPositiveRebasePpb ${maxPositiveRebasePpb} less the ${hubFeeBps} bps protocol fee = ${movePct.toFixed(4)}%; ` +
        'minting on a spoke before a report and redeeming on the hub after it would be risk-free',
    });
  }
  return issues;
}

/** Throws `EconomicsConfigError` listing every issue in `config`. */
export function assertEconomics(config: EconomicsConfig): void {
  const issues = checkEconomics(config);
  if (issues.length > 0) throw new EconomicsConfigError(issues);
}
