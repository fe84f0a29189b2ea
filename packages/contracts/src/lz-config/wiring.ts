/** Receive gas per message kind, read from contracts/config/wiring.json (the forge gas tests read the same file). */
import wiring from '@tributary/contracts-src/config/wiring.json' with { type: 'json' };
import type { EnforcedGas } from './config.ts';

export const wiringEnforcedGas: EnforcedGas = Object.fromEntries(
  Object.entries(wiring.enforcedReceiveGas).map(([kind, gas]) => [kind, BigInt(gas)]),
);
