import { redact, REDACTED } from './redact';

describe('redact: no PIN or My Number reaches a log line', () => {
  it('replaces sensitive fields wherever they nest, whatever their spelling', () => {
    const input = {
      readerId: 'reader-1',
      pin: '1234',
      request: { oldPin: '1111', newPin: '2222', kinds: ['user-certificate'] },
      card: [{ myNumber: '123456789012', my_number: '123456789012', 'My-Number': 'x' }],
      auth: { Authorization: 'Bearer abc', password: 'hunter2', passwordHash: '$scrypt$' },
    };
    expect(redact(input)).toEqual({
      readerId: 'reader-1',
      pin: REDACTED,
      request: { oldPin: REDACTED, newPin: REDACTED, kinds: ['user-certificate'] },
      card: [{ myNumber: REDACTED, my_number: REDACTED, 'My-Number': REDACTED }],
      auth: { Authorization: REDACTED, password: REDACTED, passwordHash: REDACTED },
    });
    expect(JSON.stringify(redact(input))).not.toMatch(/1234|1111|2222|123456789012|hunter2/);
  });

  it('keeps everything else, survives cycles and shows buffers only by their size', () => {
    const cyclic: Record<string, unknown> = { name: 'counter 3' };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ name: 'counter 3', self: '[circular]' });
    expect(redact({ apdu: new Uint8Array([0, 0x20, 0, 0x80, 4, 0x31, 0x32, 0x33, 0x34]) })).toEqual({
      apdu: '[9 bytes]',
    });
    expect(redact('plain message')).toBe('plain message');
    expect(redact(null)).toBeNull();
  });
});
