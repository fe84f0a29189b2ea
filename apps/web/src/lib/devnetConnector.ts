import {
  type Address,
  type Chain,
  type EIP1193RequestFn,
  type Hex,
  type TypedDataDefinition,
  type WalletClient,
  type Transport as ViemTransport,
  type Account,
  createWalletClient,
  fromHex,
  getAddress,
  http,
  isAddressEqual,
  numberToHex,
  ProviderRpcError,
  SwitchChainError,
  UnauthorizedProviderError,
  UnsupportedProviderMethodError,
} from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { ChainNotConfiguredError, createConnector } from 'wagmi';

export interface DevnetAccountParameters {
  /** Index in the registry's devnet accounts; it names the connector. */
  index: number;
  /** The account's address (the registry lists it), known before its signer is loaded. */
  address: Address;
  privateKey: Hex;
}

export interface DevnetProvider {
  request: EIP1193RequestFn;
}

/** Which devnet account is authorized, and on which chain, so a page reload reconnects it. */
type StorageItem = { 'devnet.account': number; 'devnet.chainId': number };

/** A transaction as JSON-RPC's eth_sendTransaction carries it: quantities in hex. */
interface RpcTransaction {
  from?: Address;
  to?: Address | null;
  data?: Hex;
  input?: Hex;
  value?: Hex;
  gas?: Hex;
  nonce?: Hex;
  gasPrice?: Hex;
  maxFeePerGas?: Hex;
  maxPriorityFeePerGas?: Hex;
}

const quantity = (value: Hex | undefined) => (value === undefined ? undefined : fromHex(value, 'bigint'));

/** EIP-1193 "unrecognized chain" (4902), what real wallets answer for a chain they do not know. */
class UnrecognizedChainError extends ProviderRpcError {
  constructor(chainId: number) {
    super(new Error(`chain ${chainId} is not a devnet chain`), { code: 4902, shortMessage: `Unrecognized chain ${chainId}.` });
  }
}

devnetAccount.type = 'devnetAccount' as const;

/**
 * A wallet for the local devnet: one of anvil's funded accounts, signing in the page with its
 * private key. It speaks EIP-1193 like an injected wallet (accounts, chain switching, signing),
 * signs transactions locally and sends them raw; every other request goes to the chain's RPC.
 * Only for local chains: the keys are public.
 */
export function devnetAccount({ index, address, privateKey }: DevnetAccountParameters) {
  // The signer (secp256k1) loads when the account first signs: a page where no devnet account is
  // used, and every production deployment, never downloads it.
  let signer: Promise<PrivateKeyAccount> | undefined;
  const account = () => (signer ??= import('viem/accounts').then(({ privateKeyToAccount }) => privateKeyToAccount(privateKey)));
  const id = `devnet-${index}`;

  return createConnector<DevnetProvider, Record<string, unknown>, StorageItem>((config) => {
    let chainId: number = config.chains[0].id;
    let connected = false;
    let provider: DevnetProvider | undefined;
    const wallets = new Map<number, WalletClient<ViemTransport, Chain, Account>>();

    const chainOf = (targetId: number): Chain | undefined => config.chains.find((chain) => chain.id === targetId);
    const transportOf = (chain: Chain): ViemTransport => config.transports?.[chain.id] ?? http(chain.rpcUrls.default.http[0]);
    const walletOf = async (targetId: number) => {
      const chain = chainOf(targetId);
      if (!chain) throw new UnrecognizedChainError(targetId);
      let wallet = wallets.get(targetId);
      if (!wallet) {
        wallet = createWalletClient({ account: await account(), chain, transport: transportOf(chain) });
        wallets.set(targetId, wallet);
      }
      return wallet;
    };

    const switchTo = async (targetId: number) => {
      if (!chainOf(targetId)) throw new UnrecognizedChainError(targetId);
      if (targetId === chainId) return;
      chainId = targetId;
      if (connected) await config.storage?.setItem('devnet.chainId', chainId);
      config.emitter.emit('change', { chainId });
    };

    const sendTransaction = async (tx: RpcTransaction): Promise<Hex> => {
      if (tx.from && !isAddressEqual(tx.from, address)) {
        throw new UnauthorizedProviderError(new Error(`${tx.from} is not the connected devnet account`));
      }
      const wallet = await walletOf(chainId);
      const common = {
        to: tx.to ?? null,
        data: tx.data ?? tx.input,
        value: quantity(tx.value),
        gas: quantity(tx.gas),
        nonce: tx.nonce === undefined ? undefined : fromHex(tx.nonce, 'number'),
      };
      // Keep the fee model the caller chose; otherwise let viem price an EIP-1559 transaction.
      if (tx.gasPrice !== undefined) return wallet.sendTransaction({ ...common, gasPrice: quantity(tx.gasPrice) });
      return wallet.sendTransaction({
        ...common,
        maxFeePerGas: quantity(tx.maxFeePerGas),
        maxPriorityFeePerGas: quantity(tx.maxPriorityFeePerGas),
      });
    };

    const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
      const list = (Array.isArray(params) ? params : []) as unknown[];
      switch (method) {
        case 'eth_accounts':
          return connected ? [address] : [];
        case 'eth_requestAccounts':
          return [address];
        case 'eth_chainId':
          return numberToHex(chainId);
        case 'wallet_switchEthereumChain': {
          const [{ chainId: hexId }] = list as [{ chainId: Hex }];
          await switchTo(fromHex(hexId, 'number'));
          return null;
        }
        case 'wallet_addEthereumChain': {
          const [{ chainId: hexId }] = list as [{ chainId: Hex }];
          // It can only "add" the devnet chains it already knows.
          if (!chainOf(fromHex(hexId, 'number'))) throw new UnrecognizedChainError(fromHex(hexId, 'number'));
          return null;
        }
        case 'eth_sendTransaction':
          return sendTransaction(list[0] as RpcTransaction);
        case 'personal_sign':
          return (await account()).signMessage({ message: { raw: list[0] as Hex } });
        case 'eth_signTypedData_v4':
          return (await account()).signTypedData(JSON.parse(list[1] as string) as TypedDataDefinition);
        case 'eth_sign':
        case 'eth_signTransaction':
        case 'wallet_sendCalls':
          throw new UnsupportedProviderMethodError(new Error(`${method} is not supported by devnet accounts`));
        default: {
          const chain = chainOf(chainId);
          if (!chain) throw new UnrecognizedChainError(chainId);
          return transportOf(chain)({ chain, retryCount: 0 }).request({ method, params });
        }
      }
    };

    return {
      id,
      name: `Devnet account ${index}`,
      type: devnetAccount.type,
      async setup() {
        const stored = await config.storage?.getItem('devnet.chainId');
        if (typeof stored === 'number' && chainOf(stored)) chainId = stored;
      },
      async connect(parameters = {}) {
        if (parameters.chainId !== undefined) {
          if (!chainOf(parameters.chainId)) throw new SwitchChainError(new ChainNotConfiguredError());
          chainId = parameters.chainId;
        }
        connected = true;
        await config.storage?.setItem('devnet.account', index);
        await config.storage?.setItem('devnet.chainId', chainId);
        const checksummed = getAddress(address);
        const accounts = parameters.withCapabilities ? [{ address: checksummed, capabilities: {} }] : [checksummed];
        // wagmi types the result by the generic `withCapabilities`; the shapes above match it.
        return { accounts: accounts as never, chainId };
      },
      async disconnect() {
        connected = false;
        if ((await config.storage?.getItem('devnet.account')) === index) await config.storage?.removeItem('devnet.account');
      },
      async getAccounts() {
        return connected ? [getAddress(address)] : [];
      },
      async getChainId() {
        return chainId;
      },
      async getProvider() {
        provider ??= { request: request as EIP1193RequestFn };
        return provider;
      },
      async isAuthorized() {
        return (await config.storage?.getItem('devnet.account')) === index;
      },
      async switchChain({ chainId: targetId }) {
        const chain = chainOf(targetId);
        if (!chain) throw new SwitchChainError(new ChainNotConfiguredError());
        await switchTo(targetId);
        return chain;
      },
      onAccountsChanged(accounts) {
        if (accounts.length === 0) this.onDisconnect();
        else config.emitter.emit('change', { accounts: accounts.map((address) => getAddress(address)) });
      },
      onChainChanged(chain) {
        config.emitter.emit('change', { chainId: Number(chain) });
      },
      onDisconnect() {
        connected = false;
        config.emitter.emit('disconnect');
      },
    };
  });
}
