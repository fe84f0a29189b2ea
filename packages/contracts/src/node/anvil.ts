/**
 * The one anvil launcher: the devnet's chains, the package tests' throwaway nodes and the browser
 * tests' forks all start here, from @foundry-rs/anvil's native binary (no foundryup on our machines).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface AnvilNode {
  rpcUrl: string;
  stop(): Promise<void>;
}

export interface AnvilOptions {
  chainId: number;
  /** Default: a free port below the ephemeral range. */
  port?: number;
  /** Further anvil flags (`--accounts`, `--balance`, `--fork-url`, ...). */
  args?: readonly string[];
  /** Names the node in errors; default `anvil <chainId>`. */
  label?: string;
}

export class AnvilError extends Error {
  override name = 'AnvilError';
}

/** Spawned directly rather than through the package's node wrapper, so signals reach it. */
export function anvilBinary(): string {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch;
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${arch}`;
  const fromAnvil = createRequire(createRequire(import.meta.url).resolve('@foundry-rs/anvil/package.json'));
  try {
    return join(dirname(fromAnvil.resolve(`${platformPackage}/package.json`)), 'bin', 'anvil');
  } catch {
    throw new AnvilError(`${platformPackage} is not installed: anvil has no build for this platform, or \`pnpm install\` has not run`);
  }
}

/** Free ports are drawn below the ephemeral range (32768 up), where the OS hands out outgoing ports. */
const FREE_PORTS = { first: 20_000, count: 10_000 } as const;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = FREE_PORTS.first + Math.floor(Math.random() * FREE_PORTS.count);
    if (await isFree(port)) return port;
  }
  throw new AnvilError(`no free port in ${FREE_PORTS.first}-${FREE_PORTS.first + FREE_PORTS.count - 1}`);
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

/** Starts anvil and resolves once it answers RPC; a port already serving RPC is refused. */
export async function startAnvil(options: AnvilOptions): Promise<AnvilNode> {
  const label = options.label ?? `anvil ${options.chainId}`;
  const port = options.port ?? (await freePort());
  const rpcUrl = `http://127.0.0.1:${port}`;
  if (await rpcAnswers(rpcUrl)) throw new AnvilError(`${rpcUrl} is already in use: stop the node that runs there, or pick another port`);
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(options.chainId), '--silent', ...(options.args ?? [])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (alive()) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 15_000;
  while (!(await rpcAnswers(rpcUrl))) {
    if (!alive()) throw new AnvilError(`${label} exited: ${stderr.trim() || 'no output'}`);
    if (Date.now() > deadline) {
      await stop();
      throw new AnvilError(`${label} did not answer on ${rpcUrl} within 15 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { rpcUrl, stop };
}
