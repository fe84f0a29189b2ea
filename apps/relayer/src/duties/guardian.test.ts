import { type Address, type Hex, getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { devnetAccounts, devnetGuardians } from '@tributary/config';
import { type DepositAttestation, MemoryAttestationBoard, pickQuorum, splitPubkeys } from './guardian.ts';

const guardians = devnetGuardians.map((index) => devnetAccounts[index].address as Address);
const root = `0x${'aa'.repeat(32)}` as Hex;
const otherRoot = `0x${'bb'.repeat(32)}` as Hex;
const hashOf = (block: bigint) => `0x${block.toString(16).padStart(64, '0')}` as Hex;

function attestation(guardian: Address, blockNumber: bigint, overrides: Partial<DepositAttestation> = {}): DepositAttestation {
  return {
    guardian,
    blockNumber,
    blockHash: hashOf(blockNumber),
    depositRoot: root,
    keysNonce: 7n,
    signature: { r: `0x${guardian.slice(2).padStart(64, '0')}`, vs: `0x${'00'.repeat(32)}` },
    ...overrides,
  };
}

const current = { depositRoot: root, keysNonce: 7n, head: 100n, maxSignatureAge: 64n, quorum: 2n, guardians };

describe('pickQuorum', () => {
  it('returns exactly a quorum of signatures, signers ascending, from one block', () => {
    const picked = pickQuorum(guardians.map((guardian) => attestation(guardian, 96n)), current);
    expect(picked?.blockNumber).toBe(96n);
    expect(picked?.blockHash).toBe(hashOf(96n));
    expect(picked?.signatures).toHaveLength(2);
    const signers = picked!.signatures.map((signature) => BigInt(signature.r));
    expect(signers[0]! < signers[1]!).toBe(true);
  });

  it('refuses attestations over another deposit root or key nonce (a deposit or key change since)', () => {
    expect(pickQuorum(guardians.map((guardian) => attestation(guardian, 96n, { depositRoot: otherRoot })), current)).toBeUndefined();
    expect(pickQuorum(guardians.map((guardian) => attestation(guardian, 96n, { keysNonce: 6n })), current)).toBeUndefined();
  });

  it('refuses a block the next block would find too old, and a block not mined yet', () => {
    // Landing at head + 1 = 101, block 37 is 64 blocks old (accepted), block 36 is 65 (refused).
    expect(pickQuorum(guardians.map((guardian) => attestation(guardian, 37n)), current)?.blockNumber).toBe(37n);
    expect(pickQuorum(guardians.map((guardian) => attestation(guardian, 36n)), current)).toBeUndefined();
    expect(pickQuorum(guardians.map((guardian) => attestation(guardian, 101n)), current)).toBeUndefined();
  });

  it('counts only guardians of the module, and needs the quorum in one block', () => {
    const outsider = getAddress(devnetAccounts[3].address);
    expect(pickQuorum([attestation(guardians[0]!, 96n), attestation(outsider, 96n)], current)).toBeUndefined();
    expect(pickQuorum([attestation(guardians[0]!, 96n), attestation(guardians[1]!, 88n)], current)).toBeUndefined();
    // The newest block with a quorum wins.
    const picked = pickQuorum(
      [attestation(guardians[0]!, 88n), attestation(guardians[1]!, 88n), attestation(guardians[2]!, 96n), attestation(guardians[0]!, 96n)],
      current,
    );
    expect(picked?.blockNumber).toBe(96n);
  });
});

describe('MemoryAttestationBoard', () => {
  it('keeps each guardian\'s latest attestation and forgets a withdrawn one', () => {
    const board = new MemoryAttestationBoard();
    board.publish(attestation(guardians[0]!, 88n));
    board.publish(attestation(guardians[0]!, 96n));
    board.publish(attestation(guardians[1]!, 96n));
    expect(board.attestations().map((entry) => entry.blockNumber)).toEqual([96n, 96n]);
    board.withdraw(guardians[0]!.toLowerCase() as Address);
    expect(board.attestations().map((entry) => entry.guardian)).toEqual([guardians[1]]);
  });
});

describe('splitPubkeys', () => {
  it('splits the registry\'s packed 48-byte pubkeys', () => {
    const a = `${'11'.repeat(48)}`;
    const b = `${'22'.repeat(48)}`;
    expect(splitPubkeys(`0x${a}${b}`)).toEqual([`0x${a}`, `0x${b}`]);
    expect(splitPubkeys('0x')).toEqual([]);
  });
});
