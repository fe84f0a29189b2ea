import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';

export default function config(phase: string): NextConfig {
  return {
    // `next dev` builds elsewhere, so it never overwrites the production build `next start` serves.
    distDir: phase === PHASE_DEVELOPMENT_SERVER ? '.next-dev' : '.next',
    // Workspace packages ship TypeScript source, not built JavaScript.
    transpilePackages: ['@tributary/config', '@tributary/contracts'],
    // The registry's spoke selection, inlined so the browser runs the same chains as the server.
    env: { TRIBUTARY_SPOKES: process.env.TRIBUTARY_SPOKES ?? '' },
    reactStrictMode: true,
    poweredByHeader: false,
    eslint: { ignoreDuringBuilds: true },
    // The `typecheck` task checks the app's types (pnpm test, CI); the build does not repeat it:
    // on this machine that doubled the web build's share of `pnpm dev`.
    typescript: { ignoreBuildErrors: true },
  };
}
