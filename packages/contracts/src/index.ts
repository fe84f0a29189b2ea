export * from './generated/abis.ts';
export * from './manifest.ts';
