import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Nav } from '@/components/Nav';
import { Providers } from '@/components/Providers';
import { loadManifest } from '@/server/manifest';
import './globals.css';

// The manifest is written by the devnet after the build, and tests point at other ports.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Tributary — stake ETH from any chain',
  description: 'Stake ETH on the hub or on any spoke chain and receive trETH at once.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, colorScheme: 'light dark' };

export default function RootLayout({ children }: { children: ReactNode }) {
  const loaded = loadManifest();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="brand">
            <span className="logo" aria-hidden="true">
              ≋
            </span>
            <span>Tributary</span>
          </div>
          <p className="tagline">Stake ETH from any chain. Get trETH at once.</p>
          <Nav />
        </header>
        <main id="main">
          {loaded.ok ? (
            <Providers manifest={loaded.manifest}>{children}</Providers>
          ) : (
            <section className="card devnet-missing" aria-labelledby="missing-heading">
              <h1 id="missing-heading">The chains are not running</h1>
              <p>The app found no usable deployment manifest, so it does not know where Tributary is deployed.</p>
              <p>
                Start the devnet from the repository root with <code>pnpm dev</code>. It starts the chains, deploys the contracts, writes the
                manifest and serves this app. Then reload this page.
              </p>
              <p className="muted small">
                Looked for <code>{loaded.path}</code> (set <code>TRIBUTARY_MANIFEST</code> to use another file): {loaded.problem}
              </p>
            </section>
          )}
        </main>
      </body>
    </html>
  );
}
