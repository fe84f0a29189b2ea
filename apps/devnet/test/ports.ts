/**
 * Test ports, shifted by TRIBUTARY_TEST_PORT_OFFSET so several checkouts (or CI jobs) can run the
 * suite on one machine without their anvils, simulators and web servers colliding. All sit below
 * Linux's ephemeral range (32768-60999): a port there can be taken as the source port of any of the
 * suite's own outgoing connections, and a server that binds it then fails with EADDRINUSE.
 */
function offsetFromEnv(): number {
  const raw = process.env.TRIBUTARY_TEST_PORT_OFFSET ?? '0';
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0 || offset > 3_000) {
    throw new Error(`TRIBUTARY_TEST_PORT_OFFSET must be an integer from 0 to 3000 (higher ports reach the ephemeral range), got "${raw}"`);
  }
  return offset;
}

const offset = offsetFromEnv();

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
  /** The relayer fault tests' own devnet (they stop chains and reorg them), its RPC proxies and status server. */
  faultDevnet: 28545 + offset,
  faultBeacon: 25052 + offset,
  faultProxy: 28645 + offset,
  faultStatus: 29464 + offset,
} as const;
