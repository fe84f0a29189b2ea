import { describe, expect, it } from 'vitest';
import { pad } from 'viem';
import { chains, devnetAccounts } from '@tributary/config';
import { isOurPacket, sendParamFor, withoutDust } from './bridge';

const owner = devnetAccounts[6].address;
const other = devnetAccounts[7].address;

describe('bridge helpers', () => {
  it('sends to the same address on the destination, with no extra options', () => {
    expect(sendParamFor('beta', owner, 5n, 4n)).toEqual({ dstEid: chains.beta.eid, to: pad(owner, { size: 32 }), amountLD: 5n, minAmountLD: 4n, extraOptions: '0x', composeMsg: '0x', oftCmd: '0x' });
  });

  it('drops what the shared decimals cannot carry', () => {
    expect(withoutDust(1_234_567_891_234_567_891n, 10n ** 12n)).toBe(1_234_567_000_000_000_000n);
    expect(withoutDust(999n, 10n ** 12n)).toBe(0n);
  });

  it('matches a verified packet by source, sender, nonce and receiver only', () => {
    const expected = { srcEid: chains.alpha.eid, sender: pad(owner, { size: 32 }), nonce: 3n, receiver: other };
    const origin = { srcEid: chains.alpha.eid, sender: pad(owner, { size: 32 }).toUpperCase().replace('0X', '0x') as `0x${string}`, nonce: 3n };
    expect(isOurPacket(origin, other, expected)).toBe(true);
    expect(isOurPacket({ ...origin, nonce: 4n }, other, expected)).toBe(false);
    expect(isOurPacket({ ...origin, srcEid: chains.beta.eid }, other, expected)).toBe(false);
    expect(isOurPacket(origin, owner, expected)).toBe(false);
  });
});
