import { type Address, type Log, encodeEventTopics, getAddress, parseEventLogs, zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { type RequestTransfer, heldRequestIds, withdrawalQueueAbi } from '../src/index.js';

const alice = getAddress('0x00000000000000000000000000000000000a11ce');
const bob = getAddress('0x0000000000000000000000000000000000000b0b');

const transfer = (from: Address, to: Address, tokenId: bigint, blockNumber: bigint, logIndex = 0): RequestTransfer => ({
  from,
  to,
  tokenId,
  blockNumber,
  logIndex,
});

describe('heldRequestIds', () => {
  it('lists minted requests in id order', () => {
    const logs = [transfer(zeroAddress, alice, 3n, 12n), transfer(zeroAddress, alice, 1n, 10n)];
    expect(heldRequestIds(alice, logs)).toEqual([1n, 3n]);
  });

  it('drops a request transferred away and one claimed (burned)', () => {
    const logs = [
      transfer(zeroAddress, alice, 1n, 10n),
      transfer(zeroAddress, alice, 2n, 11n),
      transfer(zeroAddress, alice, 3n, 12n),
      transfer(alice, bob, 2n, 13n),
      transfer(alice, zeroAddress, 3n, 14n),
    ];
    expect(heldRequestIds(alice, logs)).toEqual([1n]);
    expect(heldRequestIds(bob, logs)).toEqual([2n]);
  });

  it('replays in chain order whatever order the logs arrive in', () => {
    // Out to bob and back in the same block: the log index decides; the last move wins.
    const logs = [transfer(bob, alice, 5n, 20n, 7), transfer(alice, bob, 5n, 20n, 3), transfer(zeroAddress, alice, 5n, 19n)];
    expect(heldRequestIds(alice, logs)).toEqual([5n]);
    expect(heldRequestIds(alice, [...logs].reverse())).toEqual([5n]);
    const away = [transfer(zeroAddress, alice, 5n, 19n), transfer(bob, alice, 5n, 20n, 3), transfer(alice, bob, 5n, 20n, 7)];
    expect(heldRequestIds(alice, [...away].reverse())).toEqual([]);
  });

  it('matches the owner whatever the address case (logs carry checksummed addresses)', () => {
    expect(heldRequestIds(alice.toLowerCase() as Address, [transfer(zeroAddress, alice, 9n, 1n)])).toEqual([9n]);
  });

  it('reads request NFT moves from the queue ABI (tokenId indexed, as ERC-721 logs it)', () => {
    const topics = encodeEventTopics({ abi: withdrawalQueueAbi, eventName: 'Transfer', args: { from: zeroAddress, to: alice, tokenId: 42n } });
    const log = { address: bob, topics, data: '0x', blockNumber: 1n, logIndex: 0, transactionIndex: 0, blockHash: null, transactionHash: null, removed: false } as unknown as Log;
    const [parsed] = parseEventLogs({ abi: withdrawalQueueAbi, eventName: 'Transfer', logs: [log] });
    expect(parsed?.args).toEqual({ from: zeroAddress, to: alice, tokenId: 42n });
  });
});
