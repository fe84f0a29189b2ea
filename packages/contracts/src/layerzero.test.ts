import { describe, expect, it } from 'vitest';
import { concatHex, getAddress, keccak256, numberToHex, pad } from 'viem';
import { LayerZeroCodecError, decodePacket, encodePacket, lzComposeGas, lzReceiveAndComposeOption, lzReceiveGas, lzReceiveOption, packetHeader, packetPayloadHash } from './layerzero.ts';

describe('lzReceiveOption', () => {
  it('encodes the same bytes as OptionsBuilder.addExecutorLzReceiveOption(200000, 0)', () => {
    // 0003 | worker 01 | size 0011 | type 01 | gas as uint128
    expect(lzReceiveOption(200_000n)).toBe('0x00030100110100000000000000000000000000030d40');
  });

  it('round-trips gas and value through lzReceiveGas, summing repeated options', () => {
    const twice = concatHex([lzReceiveOption(100_000n, 5n), `0x${lzReceiveOption(50_000n).slice(6)}`]);
    expect(lzReceiveGas(twice)).toEqual({ gas: 150_000n, value: 5n });
  });

  it('rejects legacy option types and truncated options', () => {
    expect(() => lzReceiveGas('0x0001')).toThrow(LayerZeroCodecError);
    expect(() => lzReceiveGas(lzReceiveOption(1n).slice(0, -4) as `0x${string}`)).toThrow(/truncated/);
  });
});

describe('lzReceiveAndComposeOption', () => {
  it('encodes the same bytes as OptionsBuilder.addExecutorLzReceiveOption(150000, 0).addExecutorLzComposeOption(0, 200000, 0)', () => {
    // 0003 | 01 0011 01 gas(uint128) | worker 01 | size 0013 | type 03 | index 0000 | gas as uint128
    expect(lzReceiveAndComposeOption(150_000n, 200_000n)).toBe(
      concatHex(['0x0003', '0x01001101', '0x000000000000000000000000000249f0', '0x01001303', '0x0000', '0x00000000000000000000000000030d40']),
    );
  });

  it('reads back the receive and the compose gas separately, summing repeated compose options per index', () => {
    const options = lzReceiveAndComposeOption(150_000n, 200_000n);
    const extra = `0x${lzReceiveAndComposeOption(0n, 1n).slice(6)}` as const;
    expect(lzReceiveGas(options)).toEqual({ gas: 150_000n, value: 0n });
    expect(lzComposeGas(concatHex([options, extra]))).toBe(200_001n);
    expect(lzComposeGas(options, 1)).toBe(0n);
    expect(lzComposeGas(lzReceiveOption(1n))).toBe(0n);
  });
});

describe('decodePacket', () => {
  it('reads every header field and the message', () => {
    const sender = pad('0x00000000000000000000000000000000000000aa', { size: 32 });
    const receiver = '0x00000000000000000000000000000000000000bB';
    const guid = pad('0x1234', { size: 32 });
    const encoded = concatHex([
      '0x01',
      numberToHex(7n, { size: 8 }),
      numberToHex(40101, { size: 4 }),
      sender,
      numberToHex(40102, { size: 4 }),
      pad(receiver, { size: 32 }),
      guid,
      '0xdeadbeef',
    ]);
    expect(decodePacket(encoded)).toEqual({
      nonce: 7n,
      srcEid: 40101,
      sender,
      dstEid: 40102,
      receiver: getAddress(receiver),
      guid,
      message: '0xdeadbeef',
    });
  });

  it('is reversed by encodePacket, whose header and payload hash are what ULN302 keys verifications by', () => {
    const packet = {
      nonce: 9n,
      srcEid: 40102,
      sender: pad('0x00000000000000000000000000000000000000aa', { size: 32 }),
      dstEid: 40101,
      receiver: getAddress('0x00000000000000000000000000000000000000bb'),
      guid: pad('0x99', { size: 32 }),
      message: '0xc0ffee',
    } as const;
    const encoded = encodePacket(packet);
    expect(decodePacket(encoded)).toEqual(packet);
    expect(packetHeader(encoded)).toBe(encoded.slice(0, 2 + 81 * 2));
    expect(packetPayloadHash(encoded)).toBe(keccak256(concatHex([packet.guid, packet.message])));
  });

  it('rejects short packets and unknown versions', () => {
    expect(() => decodePacket('0x01')).toThrow(LayerZeroCodecError);
    expect(() => decodePacket(concatHex(['0x02', pad('0x', { size: 112 })]))).toThrow(/version 2/);
  });
});
