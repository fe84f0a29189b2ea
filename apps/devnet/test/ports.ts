import { portOffsetFromEnv } from '../src/ports.ts';

/**
 * Test ports, shifted by TRIBUTARY_TEST_PORT_OFFSET so several checkouts (or CI jobs) can run the
 * suite on one machine without their anvils, simulators and web servers colliding. The highest,
 * faultStatus, bounds the shift below the ephemeral range.
 */
const offset = portOffsetFromEnv('TRIBUTARY_TEST_PORT_OFFSET', 29464);

export const testPorts = {
  /** The suite's devnet: hub anvil here, spokes on the next ports. */
  devnet: 18545 + offset,
  beacon: 15052 + offset,
  web: 13000 + offset,
  webWithoutManifest: 13001 + offset,
  /** browser-journeys.test.ts and browser-errors.test.ts serve their own app. */
  webJourneys: 13002 + offset,
  webErrors: 13003 + offset,
  /** A private fork of a spoke (browser-errors.test.ts), so tests can change its state without touching the shared devnet. */
  fork: 18560 + offset,
  /** `pnpm dev` as a user runs it (cli.test.ts). */
  cliDevnet: 20545 + offset,
  cliMetrics: 20464 + offset,
  cliBeacon: 20052 + offset,
  /** deposit-security.test.ts's own devnet (its attack pauses deposits) and beacon simulator. */
  dsmDevnet: 26545 + offset,
  dsmBeacon: 26052 + offset,
  /** dvn-security.test.ts's own devnet (one DVN worker stops there) and beacon simulator. */
  dvnDevnet: 22545 + offset,
  dvnBeacon: 22052 + offset,
  /** three-spokes.test.ts's own devnet (the hub and three spokes, from TRIBUTARY_SPOKES), relayer status server and beacon simulator. */
  spokesDevnet: 24545 + offset,
  spokesMetrics: 24464 + offset,
  spokesBeacon: 24052 + offset,
  /** The relayer fault tests' own devnet (they stop chains and reorg them), its RPC proxies and status server. */
  faultDevnet: 28545 + offset,
  faultBeacon: 25052 + offset,
  faultProxy: 28645 + offset,
  faultStatus: 29464 + offset,
} as const;
