/**
 * Runs the model against a real hub chain: every DepositEvent of the deposit contract becomes a
 * validator, and at every skim interval the rewards above 32 ETH are sent to each validator's
 * withdrawal address (as the consensus layer's withdrawals sweep does), from a funded account.
 */
import type { Server } from 'node:http';
import { type Address, type Hex, createPublicClient, createWalletClient, getAddress, hexToBigInt, http, sliceHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { depositContractAbi, viemChain } from '@tributary/contracts';
import { BeaconModel, GWEI, type ModelConfig } from './model.ts';
import { serveBeaconApi } from './server.ts';

export interface SimulatorOptions {
  rpcUrl: string;
  depositContract: Address;
  /** Funded key that pays skimmed rewards into withdrawal addresses. */
  withdrawalsKey: Hex;
  port: number;
  /** Model parameters; genesis defaults to the hub's genesis block. */
  model: Omit<ModelConfig, 'genesisTime'> & { genesisTime?: number };
  skimIntervalSlots: number;
  finalityLagEpochs?: number;
  pollIntervalMs?: number;
  log?: (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;
}

export interface Simulator {
  model: BeaconModel;
  url: string;
  stop(): Promise<void>;
}

/** Deposit amounts and indexes are little-endian in DepositEvent, as on mainnet. */
export function littleEndianToBigInt(bytes: Hex): bigint {
  const hex = bytes.slice(2).match(/../g)?.reverse().join('') ?? '';
  return hex === '' ? 0n : hexToBigInt(`0x${hex}`);
}

/** The execution address of 0x01 withdrawal credentials, or undefined for other kinds. */
export function withdrawalAddress(credentials: Hex): Address | undefined {
  return credentials.startsWith('0x01') && credentials.length === 66 ? getAddress(sliceHex(credentials, 12)) : undefined;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const log = options.log ?? (() => {});
  const client = createPublicClient({ transport: http(options.rpcUrl), pollingInterval: 100, cacheTime: 0 });
  const account = privateKeyToAccount(options.withdrawalsKey);
  const wallet = createWalletClient({ account, chain: viemChain('hub', options.rpcUrl), transport: http() });
  const genesisTime = options.model.genesisTime ?? Number((await client.getBlock({ blockNumber: 0n })).timestamp);
  const model = new BeaconModel({ ...options.model, genesisTime });
  const now = () => Math.floor(Date.now() / 1000);

  let cursor = 0n;
  async function scanDeposits(): Promise<void> {
    const head = await client.getBlockNumber();
    if (cursor > head) return;
    const logs = await client.getContractEvents({ address: options.depositContract, abi: depositContractAbi, eventName: 'DepositEvent', fromBlock: cursor, toBlock: head });
    for (const event of logs) {
      const block = await client.getBlock({ blockNumber: event.blockNumber });
      const { pubkey, withdrawal_credentials: credentials, amount } = event.args as { pubkey: Hex; withdrawal_credentials: Hex; amount: Hex };
      model.addDeposit({ pubkey, withdrawalCredentials: credentials, amountGwei: littleEndianToBigInt(amount), time: Number(block.timestamp) });
      log('info', 'validator deposited', { pubkey, block: event.blockNumber });
    }
    cursor = head + 1n;
  }

  let lastSkimSlot = -1;
  async function skim(): Promise<void> {
    const slot = model.slotAt(now());
    if (slot - lastSkimSlot < options.skimIntervalSlots) return;
    lastSkimSlot = slot;
    const skims = model.skimmable(now());
    const byAddress = new Map<Address, typeof skims>();
    const credentials = new Map(model.stateAt(now()).map((validator) => [validator.index, validator.withdrawalCredentials]));
    for (const entry of skims) {
      const address = withdrawalAddress(credentials.get(entry.index)!);
      if (address) byAddress.set(address, [...(byAddress.get(address) ?? []), entry]);
    }
    for (const [address, entries] of byAddress) {
      const total = entries.reduce((sum, entry) => sum + entry.amountGwei, 0n) * GWEI;
      const hash = await wallet.sendTransaction({ to: address, value: total });
      const receipt = await client.waitForTransactionReceipt({ hash });
      const block = await client.getBlock({ blockNumber: receipt.blockNumber });
      model.recordSkims(entries, Number(block.timestamp));
      log('info', 'rewards skimmed', { to: address, wei: total, validators: entries.length, slot });
    }
  }

  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        await scanDeposits();
        await skim();
      } catch (error) {
        log('warn', 'simulator tick failed; retrying', { error: (error as Error).message });
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 250));
    }
  })();

  const server: Server = await serveBeaconApi({ model, now, finalityLagEpochs: options.finalityLagEpochs ?? 2 }, options.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    model,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      running = false;
      await loop;
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
