import { describe, expect, it } from 'vitest';
import { withdrawalStatus } from './useWithdrawals';

describe('withdrawal status', () => {
  it('follows the queue: claimed, else finalized up to the cursor, else pending', () => {
    expect(withdrawalStatus(3n, 5n, false)).toBe('finalized');
    expect(withdrawalStatus(5n, 5n, false)).toBe('finalized');
    expect(withdrawalStatus(6n, 5n, false)).toBe('pending');
    expect(withdrawalStatus(2n, 5n, true)).toBe('claimed');
  });
});
