import { afterEach, describe, expect, it } from 'vitest';
import { EPHEMERAL_PORT_START, portOffsetFromEnv } from './ports.ts';

const variable = 'TRIBUTARY_PORTS_UNIT_TEST_OFFSET';

describe('portOffsetFromEnv', () => {
  afterEach(() => {
    delete process.env[variable];
  });

  it('is 0 when the variable is unset, and the value when it is valid', () => {
    expect(portOffsetFromEnv(variable, 29464)).toBe(0);
    process.env[variable] = '100';
    expect(portOffsetFromEnv(variable, 29464)).toBe(100);
  });

  it('accepts the largest shift that keeps the highest port below the ephemeral range, and no more', () => {
    process.env[variable] = String(EPHEMERAL_PORT_START - 1 - 29464);
    expect(portOffsetFromEnv(variable, 29464) + 29464).toBe(EPHEMERAL_PORT_START - 1);
    process.env[variable] = String(EPHEMERAL_PORT_START - 29464);
    expect(() => portOffsetFromEnv(variable, 29464)).toThrow(`${variable} must be an integer from 0 to 3303 (higher ports reach the ephemeral range from 32768), got "3304"`);
  });

  it('names the variable and the bad value for a negative, fractional or non-numeric shift', () => {
    for (const raw of ['-1', '1.5', 'ten']) {
      process.env[variable] = raw;
      expect(() => portOffsetFromEnv(variable, 100)).toThrow(`got "${raw}"`);
    }
  });
});
