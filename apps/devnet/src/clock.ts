/**
 * Keeps every devnet chain's clock moving with the wall clock. The anvils mine only when a
 * transaction arrives (so a transaction confirms at once), and an idle chain's time stands still:
 * the oracle's frames, the beacon simulator's slots and the relayer's batch ages are all measured
 * in block time, so an idle devnet would never report, finalize or send a batch. An empty block
 * whenever a chain's newest block is a second old keeps them moving without slowing transactions.
 */
export interface Clock {
  stop(): Promise<void>;
}

async function rpc<T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method} on ${rpcUrl}: ${body.error.message}`);
  return body.result as T;
}

/** Mines an empty block on a chain whose newest block is at least `maxIdleSeconds` old. */
async function tick(rpcUrl: string, maxIdleSeconds: number): Promise<void> {
  const latest = await rpc<{ timestamp: string }>(rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
  if (Date.now() / 1000 - Number(BigInt(latest.timestamp)) >= maxIdleSeconds) await rpc(rpcUrl, 'evm_mine');
}

export function startClock(rpcUrls: readonly string[], { intervalMs = 1000, maxIdleSeconds = 1 } = {}): Clock {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    // One tick at a time; a chain that is stopping or briefly unreachable just misses a tick.
    running = running.then(() => Promise.allSettled(rpcUrls.map((url) => tick(url, maxIdleSeconds))));
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
