import type { Msg } from '@nats-io/transport-node';
import { NOT_JSON } from './card-requests';
import { NatsRequestDeserializer } from './nats-request.deserializer';

function message(body: string, reply = '_INBOX.1'): Msg & { bytes: Uint8Array } {
  const bytes = new TextEncoder().encode(body);
  return {
    subject: 'run1.card.r1.verify',
    reply,
    data: bytes,
    bytes,
    json: () => JSON.parse(new TextDecoder().decode(bytes)) as unknown,
  } as unknown as Msg & { bytes: Uint8Array };
}

describe('NatsRequestDeserializer', () => {
  const deserializer = new NatsRequestDeserializer();
  const options = { channel: 'card.r1.verify', replyTo: '_INBOX.1' };

  it('reads Nest envelopes and zeroes the bytes they came in', () => {
    const incoming = message(JSON.stringify({ pattern: 'card.r1.verify', data: { pin: '8531' }, id: 'abc' }));
    expect(deserializer.deserialize(incoming, options)).toEqual({
      id: 'abc',
      pattern: 'card.r1.verify',
      data: { pin: '8531' },
    });
    expect(incoming.bytes.every((byte) => byte === 0)).toBe(true);
  });

  it('serves a plain request under an id of its own', () => {
    const packet = deserializer.deserialize(message('{"kind":"user-certificate"}'), options);
    expect(packet).toMatchObject({ pattern: 'card.r1.verify', data: { kind: 'user-certificate' } });
    expect((packet as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hands a body that is not JSON to the handler as NOT_JSON, without the parser error (it quotes the body)', () => {
    const incoming = message('{"pin": 8531');
    expect(deserializer.deserialize(incoming, options)).toMatchObject({ data: NOT_JSON });
    expect(incoming.bytes.every((byte) => byte === 0)).toBe(true);
  });

  it('refuses a message nobody waits for, saying why but not what it held', () => {
    const incoming = message('{"pin":"8531"}', '');
    expect(() => deserializer.deserialize(incoming, options)).toThrow(
      'ignored a message on run1.card.r1.verify without a reply subject: requests need a requester',
    );
    expect(incoming.bytes.every((byte) => byte === 0)).toBe(true);
  });
});
