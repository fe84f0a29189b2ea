export * from './tributary.js';
export * from './manifest.js';
export * from './errors.js';
export * from './withdrawals.js';
export * from './abis.js';
export * from './parked.js';
