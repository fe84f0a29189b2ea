import type { TributaryManifest } from '../src/index.js';

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const;

/** A well-formed manifest with distinct dummy addresses (never called). */
export const manifest = {
  chains: {
    hub: {
      role: 'hub',
      chainId: 31337,
      eid: 40101,
      rpcUrl: 'http://127.0.0.1:1',
      contracts: { TrETH: address(1), TrETHAdapter: address(2), WithdrawalQueue: address(3), BackingLedger: address(4) },
    },
    alpha: {
      role: 'spoke',
      chainId: 31338,
      eid: 40102,
      rpcUrl: 'http://127.0.0.1:2',
      contracts: { TrETH: address(5), SpokePool: address(6), RateReceiver: address(7) },
    },
  },
} as const satisfies TributaryManifest;
