/** The few Beacon Node API calls the oracle and the deposit guardians make, with typed errors. */

export class BeaconApiError extends Error {
  override name = 'BeaconApiError';
}

export interface BeaconValidator {
  index: string;
  balance: string;
  status: string;
  validator: { pubkey: `0x${string}`; withdrawal_credentials: `0x${string}`; slashed: boolean };
}

export class BeaconClient {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), init);
    } catch (error) {
      throw new BeaconApiError(`beacon node ${this.baseUrl} unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) throw new BeaconApiError(`beacon node answered ${response.status} for ${path}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  async finalizedSlot(): Promise<bigint> {
    const body = await this.call<{ data: { header: { message: { slot: string } } } }>('/eth/v1/beacon/headers/finalized');
    return BigInt(body.data.header.message.slot);
  }

  /** Validators with these pubkeys in the state at `state` (a slot, or the head); absent ones are not returned. */
  async validators(state: bigint | 'head', pubkeys: readonly `0x${string}`[]): Promise<BeaconValidator[]> {
    if (pubkeys.length === 0) return [];
    const body = await this.call<{ data: BeaconValidator[] }>(`/eth/v1/beacon/states/${state}/validators`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: pubkeys }),
    });
    return body.data;
  }
}
