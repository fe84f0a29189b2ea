import { readFileSync } from 'node:fs';
import { ManifestError } from './errors.js';
import { type TributaryManifest, parseManifest } from './manifest.js';

/**
 * Reads and checks a deployment manifest from disk (Node only; browsers pass the parsed JSON to
 * `parseManifest`).
 *
 * @example
 * import { fromManifestFile } from '@tributary/sdk/node';
 * const tributary = createTributary({ manifest: fromManifestFile('deployments/local.json') });
 */
export function fromManifestFile(path: string): TributaryManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ManifestError(`${path}: cannot read the manifest (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${path}: not JSON (${(error as Error).message})`);
  }
  return parseManifest(json, path);
}
