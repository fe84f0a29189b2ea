/**
 * The system's parameters (contracts/config/wiring.json, which the forge tests read too), as the
 * deploy uses them. A network may override any leaf (production.json `deployment.parameters`).
 */
import wiringJson from '@tributary/contracts-src/config/wiring.json' with { type: 'json' };

export type ParametersFile = typeof wiringJson;

export function deployParameters(file: ParametersFile) {
  return {
    enforcedGas: {
      rateUpdate: BigInt(file.enforcedReceiveGas.rateUpdate),
      oftCredit: BigInt(file.enforcedReceiveGas.oftCredit),
      batch: BigInt(file.enforcedReceiveGas.batch),
      halt: BigInt(file.enforcedReceiveGas.halt),
      oftCompose: BigInt(file.enforcedReceiveGas.oftCompose),
    },
    /** lzCompose gas for a composed OFT send (OFTCore SEND_AND_CALL), on top of `enforcedGas.oftCompose`. */
    enforcedComposeGas: { oftCompose: BigInt(file.enforcedComposeGas.oftCompose) },
    spokePool: {
      feeBps: file.spokePool.feeBps,
      maxRateAge: file.spokePool.maxRateAge,
      mintCap: BigInt(file.spokePool.mintCap),
      mintPeriod: file.spokePool.mintPeriod,
      maxPendingShares: BigInt(file.spokePool.maxPendingShares),
    },
    backingLedger: {
      maxInTransit: BigInt(file.backingLedger.maxInTransit),
      unbackedThreshold: BigInt(file.backingLedger.unbackedThreshold),
    },
    oftRateLimit: { limit: BigInt(file.oftRateLimit.limit), window: BigInt(file.oftRateLimit.window) },
    oftInboundRateLimit: { limit: BigInt(file.oftInboundRateLimit.limit), window: file.oftInboundRateLimit.window },
    rateReceiver: file.rateReceiver,
    hub: { ...file.hub, seedDeposit: BigInt(file.hub.seedDeposit) },
    oracle: file.oracle,
    depositSecurity: {
      maxDepositsPerBlock: BigInt(file.depositSecurity.maxDepositsPerBlock),
      minDepositBlockDistance: BigInt(file.depositSecurity.minDepositBlockDistance),
      maxSignatureAge: BigInt(file.depositSecurity.maxSignatureAge),
      pauseIntentValidityPeriod: BigInt(file.depositSecurity.pauseIntentValidityPeriod),
    },
  } as const;
}

export type DeployParameters = ReturnType<typeof deployParameters>;

/** wiring.json's parameters: the devnet's and the forge tests'. */
export const wiring: DeployParameters = deployParameters(wiringJson);
export { wiringJson };

export class ParameterOverrideError extends Error {
  override name = 'ParameterOverrideError';
}

/**
 * `base` with every leaf `overrides` gives replaced (objects merge, anything else replaces). A key
 * `base` lacks is refused: a misspelt override must not leave the default in force unnoticed.
 */
export function withOverrides<T>(base: T, overrides: unknown, path = 'parameters'): T {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(overrides) || !isObject(base)) return overrides as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (key.startsWith('$')) continue;
    if (!(key in base)) throw new ParameterOverrideError(`${path}.${key}: no such parameter (known: ${Object.keys(base).join(', ')})`);
    merged[key] = withOverrides(base[key], value, `${path}.${key}`);
  }
  return merged as T;
}
