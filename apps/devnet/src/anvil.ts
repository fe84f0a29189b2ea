import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type ChainName, chains, devnetAccounts, localRpcUrl } from '@tributary/config';
import { waitFor } from './wait.ts';

export interface AnvilNode {
  name: ChainName;
  rpcUrl: string;
  stop(): Promise<void>;
}

export class AnvilError extends Error {
  override name = 'AnvilError';
}

/**
 * The native anvil binary from @foundry-rs/anvil's platform package (no foundryup on our
 * machines). Spawned directly rather than through the package's node wrapper, so signals reach it.
 */
export function anvilBinary(): string {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`;
  const fromAnvil = createRequire(createRequire(import.meta.url).resolve('@foundry-rs/anvil/package.json'));
  try {
    return join(dirname(fromAnvil.resolve(`${platformPackage}/package.json`)), 'bin', 'anvil');
  } catch {
    throw new AnvilError(`${platformPackage} is not installed: anvil has no build for this platform, or \`pnpm install\` has not run`);
  }
}

async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts one anvil for `name`, on the registry's chain id, with its port shifted by `basePort`. */
export async function startAnvil(name: ChainName, basePort: number): Promise<AnvilNode> {
  const rpcUrl = localRpcUrl(name, basePort);
  if (await rpcAnswers(rpcUrl)) {
    throw new AnvilError(`${rpcUrl} is already in use: stop the devnet that runs there, or pick another base port`);
  }
  const port = new URL(rpcUrl).port;
  const child: ChildProcess = spawn(
    anvilBinary(),
    ['--host', '127.0.0.1', '--port', port, '--chain-id', String(chains[name].chainId), '--accounts', String(devnetAccounts.length), '--balance', '10000', '--silent'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  child.once('exit', () => {
    alive = false;
  });
  await waitFor(`anvil ${name} on ${rpcUrl}`, async () => {
    if (!alive) throw new AnvilError(`anvil ${name} exited: ${stderr.trim() || 'no output'}`);
    return rpcAnswers(rpcUrl);
  }, { timeoutMs: 15_000 });
  return {
    name,
    rpcUrl,
    async stop() {
      if (alive) child.kill('SIGTERM');
      await exited;
    },
  };
}
