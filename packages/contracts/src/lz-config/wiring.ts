/** Receive and compose gas per message kind, read from contracts/config/wiring.json (the forge gas tests read the same file). */
import wiring from '@tributary/contracts-src/config/wiring.json' with { type: 'json' };
import type { EnforcedGas } from './config.ts';

const toBigInts = (gas: Record<string, number>) => Object.fromEntries(Object.entries(gas).map(([kind, value]) => [kind, BigInt(value)]));

export const wiringEnforcedGas: EnforcedGas = {
  receive: toBigInts(wiring.enforcedReceiveGas),
  compose: toBigInts(wiring.enforcedComposeGas),
};
