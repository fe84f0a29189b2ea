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
  /** `maxPositiveRebasePpb`: the most one report may raise the hub rate, in parts per billion. */
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

/** Parts per billion in one basis point. */
const PPB_PER_BPS = 100_000n;

/**
 * Every economic issue in `config` (empty when it passes). The hub bounds the rate itself, after the
 * protocol fee and every other cause, by `maxPositiveRebasePpb` per report (TrETH defers the
 * rest), so that is the largest move a spoke's price can trail by (docs/economics.md).
 */
export function checkEconomics(config: EconomicsConfig): EconomicsIssue[] {
  const issues: EconomicsIssue[] = [];
  const { feeBps } = config.spokePool;
  const { maxPositiveRebasePpb } = config.oracle.sanityLimits;
  if (BigInt(feeBps) * PPB_PER_BPS <= BigInt(maxPositiveRebasePpb)) {
    issues.push({
      field: 'spokePool.feeBps',
      message:
        `${feeBps} bps (${feeBps / 100}%) does not exceed the largest rate move one hub report can make: ` +
        `oracle.sanityLimits.maxPositiveRebasePpb ${maxPositiveRebasePpb} (${(maxPositiveRebasePpb / 1e7).toFixed(4)}%); ` +
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
