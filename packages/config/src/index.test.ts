import { describe, expect, it } from 'vitest';
import { mnemonicToAccount, privateKeyToAddress } from 'viem/accounts';
import {
  chainByChainId,
  chainByEid,
  RegistryError,
  chainNames,
  chains,
  defaultSpokes,
  devnetAccounts,
  devnetGuardians,
  devnetDvnSigners,
  devnetOperators,
  devnetOracleMembers,
  devnetRoles,
  firstUserAccount,
  localRpcUrl,
  selectSpokes,
  spokeNames,
} from './index.ts';

describe('chain registry', () => {
  it('gives every chain a distinct chain id, eid and port', () => {
    for (const field of ['chainId', 'eid', 'port'] as const) {
      const values = Object.values(chains).map((chain) => chain[field]);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('has exactly one hub', () => {
    expect(Object.values(chains).filter((chain) => chain.role === 'hub')).toHaveLength(1);
  });

  it('shifts every RPC port with the base port', () => {
    expect(localRpcUrl('alpha')).toBe('http://127.0.0.1:8546');
    expect(localRpcUrl('beta', 18545)).toBe('http://127.0.0.1:18547');
  });

  it('runs the default spokes, hub first, when TRIBUTARY_SPOKES is unset', () => {
    expect(process.env.TRIBUTARY_SPOKES ?? '').toBe('');
    expect(spokeNames).toEqual(['alpha', 'beta']);
    expect(chainNames).toEqual(['hub', ...defaultSpokes]);
  });

  it('selects more spokes from a list, in registry order', () => {
    expect(selectSpokes('gamma, alpha,beta')).toEqual(['alpha', 'beta', 'gamma']);
    expect(selectSpokes('')).toEqual(defaultSpokes);
  });

  it('refuses a list naming an unknown chain, the hub, or dropping a default spoke', () => {
    expect(() => selectSpokes('alpha,beta,delta')).toThrow(new RegistryError('TRIBUTARY_SPOKES: delta not in the chain registry (known spokes: alpha, beta, gamma)'));
    expect(() => selectSpokes('hub,alpha,beta')).toThrow('hub not in the chain registry');
    expect(() => selectSpokes('alpha,gamma')).toThrow('must keep the default spokes (missing beta)');
  });

  it('looks chains up by chain id and eid', () => {
    expect(chainByChainId(31338)?.name).toBe('alpha');
    expect(chainByEid(40103)?.name).toBe('beta');
    expect(chainByEid(1)).toBeUndefined();
  });
});

describe('devnet accounts', () => {
  it('are the first accounts of anvil\'s test mnemonic, in order, each key matching its address', () => {
    devnetAccounts.forEach((account, index) => {
      expect(privateKeyToAddress(account.privateKey)).toBe(account.address);
      const derived = mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: index });
      expect(derived.address).toBe(account.address);
    });
  });
});

describe('devnet roles', () => {
  it('never share an account, so every signer has one writer', () => {
    const used = [...Object.values(devnetRoles), ...devnetOracleMembers, ...devnetOperators, ...devnetGuardians, ...devnetDvnSigners];
    expect(new Set(used).size).toBe(used.length);
    for (const index of used) expect(index < firstUserAccount || index >= 10).toBe(true);
    expect(Math.max(...used)).toBeLessThan(devnetAccounts.length);
  });
});
