import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relayerConfig } from './config.ts';
import { CheckpointMismatchError, startRelayer } from './relayer.ts';
import { writeTestManifest } from './test-fixtures.ts';

describe('relayer checkpoints', () => {
  it('refuses a checkpoint database written for another deployment, and resumes its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relayer-checkpoint-'));
    const database = join(dir, 'relayer.sqlite');
    const config = (manifest: string) => relayerConfig({ manifest, keys: { relayer: { devnet: 'relayer' } }, database, loopIntervalMs: 10_000, shutdownGraceMs: 5_000 });
    const mine = config(writeTestManifest(dir, `0x${'11'.repeat(20)}`, 'mine.json'));
    const other = config(writeTestManifest(dir, `0x${'22'.repeat(20)}`, 'other.json'));

    expect(await startRelayer(mine).stop()).toBe(true);
    expect(() => startRelayer(other)).toThrow(CheckpointMismatchError);
    expect(await startRelayer(mine).stop()).toBe(true);
  });
});
