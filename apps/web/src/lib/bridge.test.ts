import { describe, expect, it } from 'vitest';
import { pad } from 'viem';
import { chains, devnetAccounts } from '@tributary/config';
import { isOurPacket } from './bridge';

const owner = devnetAccounts[6].address;
const other = devnetAccounts[7].address;

describe('bridge helpers', () => {
  it('matches a verified packet by source, sender, nonce and receiver only', () => {
    const expected = { srcEid: chains.alpha.eid, sender: pad(owner, { size: 32 }), nonce: 3n, receiver: other };
    const origin = { srcEid: chains.alpha.eid, sender: pad(owner, { size: 32 }).toUpperCase().replace('0X', '0x') as `0x${string}`, nonce: 3n };
    expect(isOurPacket(origin, other, expected)).toBe(true);
    expect(isOurPacket({ ...origin, nonce: 4n }, other, expected)).toBe(false);
    expect(isOurPacket({ ...origin, srcEid: chains.beta.eid }, other, expected)).toBe(false);
    expect(isOurPacket(origin, owner, expected)).toBe(false);
  });
});
