/**
 * The devnet's fast beacon chain: four-slot epochs and finality two epochs behind, so with the
 * devnet's one-second slots (the oracle's frame config, contracts/config/wiring.json) a frame is
 * reported within about ten seconds of its end.
 */
export const devnetBeaconSpec = {
  slotsPerEpoch: 4,
  finalityLagEpochs: 2,
  activationDelaySlots: 4,
  skimIntervalSlots: 6,
  aprBps: 500,
  port: 5052,
} as const;
