export * from './topology.ts';
export * from './config.ts';
export * from './encode.ts';
export * from './wiring.ts';
export * from './apply.ts';
export * from './audit.ts';
