/** Node-only code (files, processes), kept off the package root so browser bundles never see it. */
export * from './manifest.ts';
export * from './anvil.ts';
