'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ContractFunctionExecutionError } from 'viem';
import { WagmiProvider } from 'wagmi';
import type { Manifest } from '@tributary/contracts';
import { ManifestContext } from '@/lib/hooks';
import { createWagmiConfig } from '@/lib/wagmi';

/**
 * A revert is the chain's answer (stale rate, no rate): asking again at once will not change it.
 * The SDK's typed errors keep the revert as their cause.
 */
function shouldRetry(failureCount: number, error: Error): boolean {
  return failureCount < 2 && !(error instanceof ContractFunctionExecutionError || error.cause instanceof ContractFunctionExecutionError);
}

export function Providers({ manifest, children }: { manifest: Manifest; children: ReactNode }) {
  const [config] = useState(() => createWagmiConfig(manifest));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, refetchOnWindowFocus: false } } }),
  );
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <ManifestContext.Provider value={manifest}>{children}</ManifestContext.Provider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
