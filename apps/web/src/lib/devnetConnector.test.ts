import { describe, expect, it } from 'vitest';
import { type Hex, custom, parseEther, parseTransaction, recoverTransactionAddress, toHex } from 'viem';
import { createConfig } from 'wagmi';
import { connect, disconnect, getAccount, sendTransaction, switchChain } from 'wagmi/actions';
import { chains, devnetAccounts } from '@tributary/config';
import { viemChain } from '@tributary/contracts/chains';
import { devnetAccount } from './devnetConnector';

const hub = viemChain('hub', 'http://127.0.0.1:1');
const alpha = viemChain('alpha', 'http://127.0.0.1:2');
const index = 5;
const key = devnetAccounts[index]!;

/** Just enough of a node to price and accept one transaction; it records what it was sent. */
function fakeNode(chainId: number, sent: Hex[]) {
  return custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      switch (method) {
        case 'eth_chainId':
          return toHex(chainId);
        case 'eth_getTransactionCount':
          return '0x7';
        case 'eth_estimateGas':
          return toHex(21_000);
        case 'eth_maxPriorityFeePerGas':
          return toHex(1_000_000_000);
        case 'eth_getBlockByNumber':
          return { baseFeePerGas: toHex(1_000_000_000), number: '0x1', timestamp: '0x1', transactions: [] };
        case 'eth_sendRawTransaction': {
          const [raw] = params as [Hex];
          sent.push(raw);
          return '0x'.padEnd(66, 'a');
        }
        default:
          throw new Error(`fake node: ${method} is not supported`);
      }
    },
  });
}

function setup() {
  const sent: Record<number, Hex[]> = { [hub.id]: [], [alpha.id]: [] };
  const config = createConfig({
    chains: [hub, alpha],
    connectors: [devnetAccount({ index, ...key })],
    transports: { [hub.id]: fakeNode(hub.id, sent[hub.id]!), [alpha.id]: fakeNode(alpha.id, sent[alpha.id]!) },
    multiInjectedProviderDiscovery: false,
    storage: null,
  });
  return { config, sent, connector: config.connectors[0]! };
}

describe('devnet account connector', () => {
  it('connects on the chain asked for, as the devnet account', async () => {
    const { config, connector } = setup();
    expect(connector.name).toBe(`Devnet account ${index}`);
    await connect(config, { connector, chainId: alpha.id });
    expect(getAccount(config)).toMatchObject({ address: key.address, chainId: chains.alpha.chainId, status: 'connected' });
  });

  it('signs in the page and sends the raw transaction to the current chain', async () => {
    const { config, connector, sent } = setup();
    await connect(config, { connector, chainId: hub.id });
    await switchChain(config, { chainId: alpha.id });
    expect(getAccount(config).chainId).toBe(alpha.id);

    const to = devnetAccounts[6]!.address;
    await sendTransaction(config, { to, value: parseEther('0.25'), data: '0x1234', chainId: alpha.id });

    expect(sent[hub.id]).toHaveLength(0);
    expect(sent[alpha.id]).toHaveLength(1);
    const raw = sent[alpha.id]![0]! as `0x02${string}`;
    const tx = parseTransaction(raw);
    expect(tx).toMatchObject({ chainId: alpha.id, to: to.toLowerCase(), value: parseEther('0.25'), data: '0x1234', nonce: 7, type: 'eip1559' });
    expect(await recoverTransactionAddress({ serializedTransaction: raw })).toBe(key.address);
  });

  it('refuses a chain it does not know, and forgets the account on disconnect', async () => {
    const { config, connector } = setup();
    await connect(config, { connector });
    await expect(switchChain(config, { chainId: 1 })).rejects.toThrow();
    await disconnect(config);
    expect(getAccount(config).status).toBe('disconnected');
    expect(await connector.getAccounts()).toEqual([]);
  });
});
