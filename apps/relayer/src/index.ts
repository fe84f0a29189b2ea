export { startRelayer, type Relayer, type RelayerRuntime, type DutySwitches } from './relayer.ts';
export { jsonLogger, silentLogger, type Logger, type LogLevel } from './log.ts';
export { RelayerStatus, serveStatus } from './status.ts';
export { RelayerMetrics } from './metrics.ts';
export { CheckpointStore } from './store.ts';
export { chainClients, type ChainClient } from './chains.ts';
export { LogScanner, eventScanner } from './scanner.ts';
export { Signer, Signers, type Context, type TxOptions } from './signer.ts';
export {
  ConfigError,
  type RelayerConfig,
  type RelayerConfigDocument,
  defaultTxOptions,
  devnetServiceKeys,
  loadConfig,
  parseConfig,
  relayerConfig,
} from './config.ts';
