/**
 * The Beacon API endpoints an oracle needs, answered from the model. Shapes follow the standard
 * Beacon Node API (numbers as decimal strings, `data` envelopes), so the oracle reads the
 * simulator exactly as it would read a consensus client.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type BeaconModel, BeaconModelError, type ValidatorState } from './model.ts';

export interface BeaconServerOptions {
  model: BeaconModel;
  /** Current time in unix seconds (the hub's clock). */
  now: () => number;
  /** How many epochs finality trails the head. */
  finalityLagEpochs: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const FAR_FUTURE_EPOCH = '18446744073709551615';
const ZERO_ROOT = `0x${'00'.repeat(32)}`;

export function beaconHandler({ model, now, finalityLagEpochs }: BeaconServerOptions) {
  const headSlot = () => model.slotAt(now());
  const finalizedSlot = () => Math.max(0, headSlot() - finalityLagEpochs * model.config.slotsPerEpoch);

  function resolveSlot(id: string): number {
    if (id === 'head') return headSlot();
    if (id === 'finalized' || id === 'justified') return finalizedSlot();
    if (id === 'genesis') return 0;
    if (/^\d+$/.test(id)) {
      const slot = Number(id);
      if (slot > headSlot()) throw new HttpError(404, `slot ${slot} is in the future (head is ${headSlot()})`);
      return slot;
    }
    throw new HttpError(400, `invalid state or block id "${id}"`);
  }

  function validatorJson(validator: ValidatorState) {
    return {
      index: String(validator.index),
      balance: validator.balanceGwei.toString(),
      status: validator.status,
      validator: {
        pubkey: validator.pubkey,
        withdrawal_credentials: validator.withdrawalCredentials,
        effective_balance: validator.effectiveBalanceGwei.toString(),
        slashed: validator.slashed,
        activation_eligibility_epoch: validator.activationEpoch.toString(),
        activation_epoch: validator.activationEpoch.toString(),
        exit_epoch: FAR_FUTURE_EPOCH,
        withdrawable_epoch: FAR_FUTURE_EPOCH,
      },
    };
  }

  function validators(stateId: string, ids: string[], statuses: string[]) {
    const slot = resolveSlot(stateId);
    const wanted = new Set(ids.map((id) => id.toLowerCase()));
    const data = model
      .stateAt(model.timeOfSlot(slot))
      .filter((validator) => wanted.size === 0 || wanted.has(validator.pubkey.toLowerCase()) || wanted.has(String(validator.index)))
      .filter((validator) => statuses.length === 0 || statuses.includes(validator.status) || statuses.includes(validator.status.split('_')[0]!))
      .map(validatorJson);
    return { execution_optimistic: false, finalized: slot <= finalizedSlot(), data };
  }

  async function route(request: IncomingMessage): Promise<unknown> {
    const url = new URL(request.url ?? '/', 'http://beacon');
    const path = url.pathname;
    const parts = path.split('/').filter(Boolean);

    if (path === '/eth/v1/beacon/genesis') {
      return { data: { genesis_time: String(model.config.genesisTime), genesis_validators_root: ZERO_ROOT, genesis_fork_version: '0x00000000' } };
    }
    if (path === '/eth/v1/config/spec') {
      return { data: { SECONDS_PER_SLOT: String(model.config.secondsPerSlot), SLOTS_PER_EPOCH: String(model.config.slotsPerEpoch) } };
    }
    if (path === '/eth/v1/node/syncing') {
      return { data: { head_slot: String(headSlot()), sync_distance: '0', is_syncing: false, is_optimistic: false, el_offline: false } };
    }
    if (path === '/eth/v1/node/health') return null;
    // Not part of the Beacon API: the simulator's own control endpoint.
    if (path === '/tributary/v1/slash' && request.method === 'POST') {
      const body = JSON.parse((await readBody(request)) || '{}') as { pubkey?: string; amount_gwei?: string };
      if (typeof body.pubkey !== 'string' || !/^\d+$/.test(body.amount_gwei ?? '')) {
        throw new HttpError(400, 'expected {"pubkey": "0x…", "amount_gwei": "<decimal>"}');
      }
      model.slash(body.pubkey, BigInt(body.amount_gwei!), now());
      return { data: { pubkey: body.pubkey, amount_gwei: body.amount_gwei } };
    }
    if (parts.length === 5 && path.startsWith('/eth/v1/beacon/headers/')) {
      const slot = resolveSlot(parts[4]!);
      return {
        execution_optimistic: false,
        finalized: slot <= finalizedSlot(),
        data: { root: ZERO_ROOT, canonical: true, header: { message: { slot: String(slot), proposer_index: '0', parent_root: ZERO_ROOT, state_root: ZERO_ROOT, body_root: ZERO_ROOT }, signature: `0x${'00'.repeat(96)}` } },
      };
    }
    if (parts.length === 6 && parts[2] === 'beacon' && parts[3] === 'states' && parts[5] === 'validators') {
      if (request.method === 'POST') {
        const body = JSON.parse((await readBody(request)) || '{}') as { ids?: string[]; statuses?: string[] };
        return validators(parts[4]!, body.ids ?? [], body.statuses ?? []);
      }
      const list = (name: string) => url.searchParams.getAll(name).flatMap((value) => value.split(',')).filter(Boolean);
      return validators(parts[4]!, list('id'), list('status'));
    }
    throw new HttpError(404, `no route for ${request.method} ${path}`);
  }

  return async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const body = await route(request);
      if (body === null) response.writeHead(200).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : error instanceof BeaconModelError || error instanceof SyntaxError ? 400 : 500;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: status, message: (error as Error).message }));
    }
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

export function serveBeaconApi(options: BeaconServerOptions, port: number): Promise<Server> {
  const handler = beaconHandler(options);
  const server = createServer((request, response) => void handler(request, response));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
