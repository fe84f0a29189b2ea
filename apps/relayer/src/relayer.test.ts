import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devnetAccounts, devnetRoles } from '@tributary/config';
import { readManifest } from '@tributary/contracts';
import { CheckpointMismatchError, startRelayer } from './relayer.ts';
import { writeTestManifest } from './test-fixtures.ts';

describe('relayer checkpoints', () => {
  it('refuses a checkpoint database written for another deployment, and resumes its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relayer-checkpoint-'));
    const database = join(dir, 'relayer.sqlite');
    const mine = readManifest(writeTestManifest(dir, `0x${'11'.repeat(20)}`, 'mine.json'));
    const other = readManifest(writeTestManifest(dir, `0x${'22'.repeat(20)}`, 'other.json'));
    const options = { relayerKey: devnetAccounts[devnetRoles.relayer].privateKey, database, pollIntervalMs: 10_000, shutdownGraceMs: 5_000 };

    expect(await startRelayer({ ...options, manifest: mine }).stop()).toBe(true);
    expect(() => startRelayer({ ...options, manifest: other })).toThrow(CheckpointMismatchError);
    expect(await startRelayer({ ...options, manifest: mine }).stop()).toBe(true);
  });
});
