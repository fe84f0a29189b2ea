/**
 * The chain registry: the one place that names Tributary's chains. Contracts' deploy scripts,
 * the relayer, the web app and the tests all read it.
 */

export type ChainRole = 'hub' | 'spoke';

export interface ChainInfo {
  /** Registry key, also the key in the deployment manifest. */
  readonly name: ChainName;
  readonly label: string;
  readonly role: ChainRole;
  readonly chainId: number;
  /** LayerZero endpoint id. */
  readonly eid: number;
  /** Port of the local anvil node on the default devnet. */
  readonly port: number;
}

/**
 * Every chain Tributary knows, hub first. A new spoke is one entry here; it runs on a devnet once
 * listed in TRIBUTARY_SPOKES (or in `defaultSpokes`).
 */
const registry = {
  hub: { name: 'hub', label: 'Hub (Ethereum)', role: 'hub', chainId: 31337, eid: 40101, port: 8545 },
  alpha: { name: 'alpha', label: 'Alpha L2', role: 'spoke', chainId: 31338, eid: 40102, port: 8546 },
  beta: { name: 'beta', label: 'Beta L2', role: 'spoke', chainId: 31339, eid: 40103, port: 8547 },
  gamma: { name: 'gamma', label: 'Gamma L2', role: 'spoke', chainId: 31340, eid: 40104, port: 8548 },
} as const;

export type ChainName = keyof typeof registry;
export type SpokeName = Exclude<ChainName, 'hub'>;

export const chains: Readonly<Record<ChainName, ChainInfo>> = registry;

/** The spokes every devnet runs: tests and the app's defaults rely on them. */
export const defaultSpokes = ['alpha', 'beta'] as const satisfies readonly SpokeName[];

export class RegistryError extends Error {
  override name = 'RegistryError';
}

/**
 * The spokes a comma-separated list selects (TRIBUTARY_SPOKES), in registry order; unset or empty
 * selects `defaultSpokes`. The list must name registry spokes and keep the default ones.
 */
export function selectSpokes(list: string | undefined): readonly SpokeName[] {
  const named = (list ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (named.length === 0) return defaultSpokes;
  const known = Object.values(chains).filter((chain) => chain.role === 'spoke').map((chain) => chain.name as SpokeName);
  const unknown = named.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0) throw new RegistryError(`TRIBUTARY_SPOKES: ${unknown.join(', ')} not in the chain registry (known spokes: ${known.join(', ')})`);
  const missing = defaultSpokes.filter((name) => !named.includes(name));
  if (missing.length > 0) throw new RegistryError(`TRIBUTARY_SPOKES: must keep the default spokes (missing ${missing.join(', ')})`);
  return known.filter((name) => named.includes(name));
}

// Next.js inlines `process.env.TRIBUTARY_SPOKES` in the web app's bundles (next.config.ts); the
// typeof guard covers other browser bundles, which run the defaults.
const selected = typeof process === 'undefined' ? undefined : process.env.TRIBUTARY_SPOKES;

/** The spokes this process runs: the devnet deploys them, the relayer serves them, the app shows them. */
export const spokeNames: readonly SpokeName[] = selectSpokes(selected);
/** The hub, then `spokeNames`. */
export const chainNames: readonly ChainName[] = ['hub', ...spokeNames];

/** RPC URL of a chain on a local devnet whose hub listens on `basePort`. */
export function localRpcUrl(name: ChainName, basePort = chains.hub.port): string {
  return `http://127.0.0.1:${basePort + (chains[name].port - chains.hub.port)}`;
}

export function chainByChainId(chainId: number): ChainInfo | undefined {
  return Object.values(chains).find((chain) => chain.chainId === chainId);
}

export function chainByEid(eid: number): ChainInfo | undefined {
  return Object.values(chains).find((chain) => chain.eid === eid);
}

/** Default ports of the devnet's services. */
export const devnetPorts = { web: 3000, relayerMetrics: 9464 } as const;

/**
 * anvil's well-known development accounts (mnemonic "test test ... junk", indexes 0-27; anvil
 * funds as many as `--accounts` asks for). Public keys, funded
 * only on local chains: never use them anywhere else.
 */
export const devnetAccounts = [
  { address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
  { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' },
  { address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' },
  { address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6' },
  { address: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', privateKey: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a' },
  { address: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', privateKey: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba' },
  { address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9', privateKey: '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e' },
  { address: '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955', privateKey: '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356' },
  { address: '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f', privateKey: '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97' },
  { address: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720', privateKey: '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6' },
  { address: '0xBcd4042DE499D14e55001CcbB24a551F3b954096', privateKey: '0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897' },
  { address: '0x71bE63f3384f5fb98995898A86B02Fb2426c5788', privateKey: '0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82' },
  { address: '0xFABB0ac9d68B0B445fB7357272Ff202C5651694a', privateKey: '0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1' },
  { address: '0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec', privateKey: '0x47c99abed3324a2707c28affff1267e45918ec8c3f20b8aa892e8b065d2942dd' },
  { address: '0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097', privateKey: '0xc526ee95bf44d8fc405a158bb884d9d1238d99f0612e9f33d006bb0789009aaa' },
  { address: '0xcd3B766CCDd6AE721141F452C550Ca635964ce71', privateKey: '0x8166f546bab6da521a8369cab06c5d2b9e46670292d85c875ee9ec20e84ffb61' },
  { address: '0x2546BcD3c84621e976D8185a91A922aE77ECEc30', privateKey: '0xea6c44ac03bff858b476bba40716402b03e41b8e97e276d1baec7c37d42484a0' },
  { address: '0xbDA5747bFD65F08deb54cb465eB87D40e51B197E', privateKey: '0x689af8efa8c651a91ad287602527f3af2fe9f6501a7ac4b061667b5a93e037fd' },
  { address: '0xdD2FD4581271e230360230F9337D5c0430Bf44C0', privateKey: '0xde9be858da4a475276426320d5e9262ecfc3ba460bfac56360bfa6c4c28b4ee0' },
  { address: '0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199', privateKey: '0xdf57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e' },
  { address: '0x09DB0a93B389bEF724429898f539AEB7ac2Dd55f', privateKey: '0xeaa861a9a01391ed3d587d8a5a84ca56ee277629a8b02c22093a419bf240e65d' },
  { address: '0x02484cb50AAC86Eae85610D6f4Bf026f30f6627D', privateKey: '0xc511b2aa70776d4ff1d376e8537903dae36896132c90b91d52c1dfbae267cd8b' },
  { address: '0x08135Da0A343E492FA2d4282F2AE34c6c5CC1BbE', privateKey: '0x224b7eb7449992aac96d631d9677f7bf5888245eef6d6eeda31e62d2f29a83e4' },
  { address: '0x5E661B79FE2D3F6cE70F5AAC07d8Cd9abb2743F1', privateKey: '0x4624e0802698b9769f5bdb260a3777fbd4941ad2901f5966b854f953497eec1b' },
  { address: '0x61097BA76cD906d2ba4FD106E757f7Eb455fc295', privateKey: '0x375ad145df13ed97f8ca8e27bb21ebf2a3819e9e0a06509a812db377e533def7' },
  { address: '0xDf37F81dAAD2b0327A0A50003740e1C935C70913', privateKey: '0x18743e59419b01d1d846d97ea070b5a3368a3e7f6f0242cf497e1baac6972427' },
  { address: '0x553BC17A05702530097c3677091C5BB47a3a7931', privateKey: '0xe383b226df7c8282489889170b0f68f66af6459261f4833a781acd0804fafe7a' },
  { address: '0x87BdCE72c06C21cd96219BD8521bDF1F42C78b5e', privateKey: '0xf3a6b71b94f5cd909fb2dbb287da47badaa6d8bcdc45d595e2884835d8749001' },
] as const satisfies readonly { address: `0x${string}`; privateKey: `0x${string}` }[];

/** Which devnet account does what, so services never share a signer (one writer per signer). */
export const devnetRoles = {
  deployer: 0,
  relayer: 1,
  /** The LayerZero executor (ADMIN_ROLE on every chain's Executor: commits and executes verified packets) and the local bridge's payer. */
  lzDelivery: 2,
  keeper: 10,
  /** Pays simulated consensus-layer withdrawals (skimmed rewards) into the withdrawal vault. */
  beaconWithdrawals: 11,
  treasury: 12,
  /** Pauses TrETH's instant exits on a beacon loss not reported yet (the relayer's loss guard; PAUSER_ROLE). */
  lossGuard: 23,
  /** Proposes, executes and cancels every timelocked change (the timelock's proposer, executor and canceller; a multisig in production). */
  timelockAdmin: 24,
  /** Pauses spoke pools, TrETH deposits and exits, and withdrawal requests at once; cannot undo a pause (docs/roles.md). */
  guardian: 25,
} as const;

/** The devnet timelock's delay in seconds: real (a change waits it out on chain) but short enough for tests. */
export const devnetTimelockDelay = 3;

/** The devnet's oracle committee: three members, quorum two. */
export const devnetOracleMembers = [13, 14, 15] as const;

/** The devnet's deposit guardians: three, quorum two (DepositSecurityModule). */
export const devnetGuardians = [20, 21, 22] as const;

/**
 * The devnet's two DVNs, one account each: it is the DVN contract's only signer (quorum 1) and
 * the admin that submits its signed verifications. Every pathway requires both.
 */
export const devnetDvnSigners = [26, 27] as const;

/** Node operators registered on the devnet (reward addresses are these accounts). */
export const devnetOperators = [16, 17, 18] as const;

/** First devnet account index free for users and tests. */
export const firstUserAccount = 3;
