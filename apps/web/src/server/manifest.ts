import 'server-only';
import { resolve } from 'node:path';
import { type Manifest, ManifestError } from '@tributary/contracts';
import { readManifest } from '@tributary/contracts/node';

export type ManifestResult =
  | { ok: true; manifest: Manifest; path: string }
  | { ok: false; path: string; problem: string };

/**
 * Where the deployment manifest lives: `TRIBUTARY_MANIFEST`, else the repository's
 * `deployments/local.json`. Package scripts run from apps/web, so the root is two levels up.
 */
export function manifestPath(): string {
  const fromEnv = process.env.TRIBUTARY_MANIFEST;
  return fromEnv && fromEnv.length > 0 ? resolve(fromEnv) : resolve(process.cwd(), '../../deployments/local.json');
}

/** Read on every request: the devnet writes the manifest after the app is built, on any ports. */
export function loadManifest(): ManifestResult {
  const path = manifestPath();
  try {
    return { ok: true, manifest: readManifest(path), path };
  } catch (error) {
    const problem = error instanceof ManifestError || error instanceof SyntaxError ? error.message : String(error);
    return { ok: false, path, problem };
  }
}
