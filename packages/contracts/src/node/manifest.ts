import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Manifest, ManifestError, parseManifest } from '../manifest.ts';

export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ManifestError(`${path}: not found. Start the devnet (\`pnpm dev\`) to deploy and write it.`);
  }
  return parseManifest(JSON.parse(text), path);
}

export function writeManifest(path: string, manifest: Manifest): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(parseManifest(manifest), null, 2)}\n`);
}
