import { describe, expect, it } from 'vitest';
import { type Hex, type Log, type TransactionReceipt, encodeAbiParameters, encodeEventTopics, getAbiItem, getAddress } from 'viem';
import { endpointV2Abi, sendUln302Abi } from '@tributary/contracts';
import { assignedWorkers } from './lzPackets.ts';

const library = '0x00000000000000000000000000000000000000a1';
const otherLibrary = '0x00000000000000000000000000000000000000a2';
const endpoint = '0x00000000000000000000000000000000000000e0';
const executor = getAddress('0x00000000000000000000000000000000000000ec');
const [dvnA, dvnB, dvnC] = ['0x00000000000000000000000000000000000000d1', '0x00000000000000000000000000000000000000d2', '0x00000000000000000000000000000000000000d3'].map((address) => getAddress(address));

function log(address: Hex, logIndex: number, topics: Hex[], data: Hex): Log {
  return { address, logIndex, topics, data } as unknown as Log;
}
const executorPaid = (address: Hex, logIndex: number, paid: Hex) =>
  log(address, logIndex, encodeEventTopics({ abi: sendUln302Abi, eventName: 'ExecutorFeePaid' }) as Hex[], encodeAbiParameters(getAbiItem({ abi: sendUln302Abi, name: 'ExecutorFeePaid' }).inputs, [paid, 1n]));
const dvnsPaid = (address: Hex, logIndex: number, required: Hex[], optional: Hex[]) =>
  log(
    address,
    logIndex,
    encodeEventTopics({ abi: sendUln302Abi, eventName: 'DVNFeePaid' }) as Hex[],
    encodeAbiParameters(getAbiItem({ abi: sendUln302Abi, name: 'DVNFeePaid' }).inputs, [required, optional, [...required, ...optional].map(() => 1n)]),
  );
const packetSent = (logIndex: number) => log(endpoint, logIndex, encodeEventTopics({ abi: endpointV2Abi, eventName: 'PacketSent' }) as Hex[], '0x');

describe('assignedWorkers', () => {
  it('reads the executor and DVNs the library paid just before the packet, not those of a later packet or another library', () => {
    const first = packetSent(3);
    const receipt = {
      logs: [
        executorPaid(library, 1, executor),
        dvnsPaid(library, 2, [dvnA!, dvnB!], [dvnC!]),
        first,
        dvnsPaid(otherLibrary, 4, [dvnC!], []),
        executorPaid(library, 5, dvnC!),
        dvnsPaid(library, 6, [dvnC!], []),
        packetSent(7),
      ],
    } as unknown as TransactionReceipt;
    expect(assignedWorkers(receipt, library, first)).toEqual({ executor, dvns: [dvnA!, dvnB!, dvnC!] });
    expect(assignedWorkers(receipt, library, receipt.logs[6]!)).toEqual({ executor: dvnC!, dvns: [dvnC!] });
  });

  it('finds no workers for a packet its library paid none for', () => {
    const packet = packetSent(1);
    expect(assignedWorkers({ logs: [dvnsPaid(otherLibrary, 0, [dvnA!], []), packet] } as unknown as TransactionReceipt, library, packet)).toEqual({ executor: undefined, dvns: [] });
  });
});
