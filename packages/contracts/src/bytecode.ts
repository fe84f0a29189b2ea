/** Creation bytecode, for deploy scripts only (large: keep it out of app bundles). */
export * from './generated/bytecode.ts';
