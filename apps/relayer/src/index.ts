export { startRelayer, type Relayer, type RelayerOptions } from './relayer.ts';
export { jsonLogger, silentLogger, type Logger, type LogLevel } from './log.ts';
export { RelayerStatus, serveStatus } from './status.ts';
