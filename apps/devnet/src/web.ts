import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.ts';

export interface WebAppOptions {
  port: number;
  /** Deployment manifest the app reads on every request. */
  manifestPath: string;
  host?: string;
  timeoutMs?: number;
}

export interface WebApp {
  url: string;
  stop(): Promise<void>;
}

export class WebAppError extends Error {
  override name = 'WebAppError';
}

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../web');

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { redirect: 'manual' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Serves the built web app (`next start`) against a manifest. Resolves once the port answers
 * HTTP; `stop()` ends the server and anything it spawned.
 */
export async function startWebApp({ port, manifestPath, host = '127.0.0.1', timeoutMs = 60_000 }: WebAppOptions): Promise<WebApp> {
  const url = `http://${host}:${port}`;
  if (!existsSync(join(webDir, '.next', 'BUILD_ID'))) {
    throw new WebAppError('apps/web is not built: run `pnpm --filter @tributary/web build` (or `pnpm build`) first');
  }
  if (await answers(url)) {
    throw new WebAppError(`${url} is already in use: stop what runs there, or pick another web port`);
  }
  const next = createRequire(join(webDir, 'package.json')).resolve('next/dist/bin/next');
  const child: ChildProcess = spawn(process.execPath, [next, 'start', '-H', host, '-p', String(port)], {
    cwd: webDir,
    env: { ...process.env, TRIBUTARY_MANIFEST: resolve(manifestPath), NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, so stop() reaches any worker next starts, not only the CLI.
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let alive = true;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('exit', () => {
    alive = false;
  });
  // If this process dies first, do not leave a server holding the port.
  const killOnExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!alive) return;
    signalGroup(child, 'SIGTERM');
    const forced = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  };

  try {
    await waitFor(
      `web app on ${url}`,
      async () => {
        if (!alive) throw new WebAppError(`next start exited: ${stderr.trim() || 'no output'}`);
        return answers(url);
      },
      { timeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
