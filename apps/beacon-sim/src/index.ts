export { BeaconModel, BeaconModelError, GWEI, type ChainSpec, type ModelConfig, type ValidatorState } from './model.ts';
export { beaconHandler, serveBeaconApi, type BeaconServerOptions } from './server.ts';
export { startSimulator, littleEndianToBigInt, withdrawalAddress, type Simulator, type SimulatorOptions } from './simulator.ts';
export { devnetBeaconSpec } from './devnet.ts';
