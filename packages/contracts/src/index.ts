export * from './generated/abis.ts';
export * from './chains.ts';
export * from './layerzero.ts';
export * from './manifest.ts';
export * from './economics.ts';
export * from './lz-config/index.ts';
export * from './depositData.ts';
export * from './timelock.ts';
