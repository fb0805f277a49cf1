import { NOT_JSON, parseCardRequest, parseReadersRequest } from './card-requests';

const PIN = '8531';

describe('card requests at the edge', () => {
  it.each([
    ['status', {}],
    ['status', { caseId: 'case-1' }],
    ['verify', { kind: 'user-certificate', pin: PIN }],
    ['verify', { kind: 'signing-certificate', pin: 'abc123', confirmedLastTry: true, caseId: 'c' }],
    ['change', { kind: 'resident-registry', oldPin: PIN, newPin: '1111' }],
    [
      'change',
      { kind: 'all-four-digit', oldPin: PIN, newPin: '1111', confirmedLastTry: ['card-info-input'] },
    ],
    [
      'change',
      {
        kind: 'all-four-digit',
        oldPins: { 'user-certificate': PIN, 'resident-registry': PIN, 'card-info-input': PIN },
        newPin: '1111',
        confirmedLastTry: true,
      },
    ],
    ['reset-recorded', { kinds: ['user-certificate', 'signing-certificate'], clerkId: 'clerk-7' }],
    ['read-info', { pin: PIN }],
  ] as const)('accept a well-formed %s request %j', (operation, body) => {
    expect(parseCardRequest(operation, body)).toEqual({ ok: true, request: body });
  });

  it.each([
    ['verify', undefined, '(request)', 'verify request: (request) is required'],
    ['verify', [PIN], '(request)', 'verify request: (request) must be an object'],
    ['verify', { kind: 'user-certificate' }, 'pin', 'verify request: pin is required'],
    ['verify', { kind: 'user-certificate', pin: 8531 }, 'pin', 'verify request: pin must be a string'],
    ['verify', { kind: 'user-certificate', pin: '' }, 'pin', 'verify request: pin must not be empty'],
    [
      'verify',
      { kind: 'user-certificate', pin: PIN, pinn: PIN },
      'pinn',
      'verify request: pinn is not a field of this request',
    ],
    [
      'change',
      { kind: 'all-four-digit', newPin: PIN },
      'oldPin',
      'change request: oldPin and oldPins: give exactly one (oldPin: one value for all three; oldPins: one per PIN)',
    ],
    [
      'change',
      { kind: 'everything', oldPin: PIN, newPin: PIN },
      'kind',
      'change request: kind must be one of: user-certificate, signing-certificate, resident-registry, card-info-input, all-four-digit',
    ],
    [
      'change',
      { kind: 'all-four-digit', oldPin: PIN, newPin: PIN, confirmedLastTry: ['signing-certificate'] },
      'confirmedLastTry',
      undefined,
    ],
    ['reset-recorded', { kinds: ['user-certificate', 'user-certificate'], clerkId: 'c' }, 'kinds', undefined],
    ['reset-recorded', { kinds: ['user-certificate'], clerkId: 'clerk 7' }, 'clerkId', undefined],
    ['read-info', { pin: PIN, caseId: '' }, 'caseId', undefined],
    ['read-info', NOT_JSON, '(request)', 'read-info request: the body is not JSON'],
  ] as const)('refuse %s %j: invalid-request on %s', (operation, body, field, message) => {
    const parsed = parseCardRequest(operation, body);
    expect(parsed).toMatchObject({ ok: false, error: { code: 'invalid-request', field } });
    if (message !== undefined) expect(parsed).toMatchObject({ error: { message } });
  });

  it('never repeats a value of the request in its message', () => {
    for (const body of [
      { kind: 'user-certificate', pin: 8531 },
      { kind: '8531', pin: PIN },
      { kind: 'user-certificate', pin: PIN, confirmedLastTry: 8531 },
      { kind: 'user-certificate', pin: '8531'.repeat(20) },
    ]) {
      const parsed = parseCardRequest('verify', body);
      expect(parsed.ok).toBe(false);
      expect(JSON.stringify(parsed)).not.toContain('8531');
    }
  });

  it('the readers request takes no field', () => {
    expect(parseReadersRequest(undefined)).toEqual({ ok: true, request: {} });
    expect(parseReadersRequest({ all: true })).toMatchObject({ ok: false, error: { field: 'all' } });
  });
});
