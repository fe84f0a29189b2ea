/** What every duty is built from, and the base class that holds it. */
import type { ChainName } from '@tributary/config';
import type { Manifest } from '@tributary/contracts';
import type { ChainClient } from '../chains.ts';
import type { Context, Signers } from '../signer.ts';

/** The deployment, a client per chain, the shared context and the signers: one object for every duty. */
export interface DutyDeps {
  manifest: Manifest;
  clients: Record<ChainName, ChainClient>;
  ctx: Context;
  signers: Signers;
}

export abstract class DutyBase {
  protected readonly manifest: Manifest;
  protected readonly clients: Record<ChainName, ChainClient>;
  protected readonly ctx: Context;

  constructor(deps: DutyDeps) {
    this.manifest = deps.manifest;
    this.clients = deps.clients;
    this.ctx = deps.ctx;
  }

  protected get hub(): ChainClient {
    return this.clients.hub;
  }
}
