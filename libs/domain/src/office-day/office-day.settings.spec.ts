import {
  assertOfficeDaySettings,
  ATSUGI_SERVICES,
  DEFAULT_OFFICE_DAY_SETTINGS,
  DomainInputError,
  type OfficeDaySettings,
  type ServiceDefinition,
} from '@madoguchi/domain';

describe('OfficeDay settings', () => {
  it('offer Atsugi PIN reset (R), PIN change (C) and general enquiries (G)', () => {
    expect(ATSUGI_SERVICES.map(({ code, prefix, procedure }) => [code, prefix, procedure])).toEqual([
      ['pin-reset', 'R', 'pin-reset'],
      ['pin-change', 'C', 'pin-change'],
      ['general-enquiry', 'G', undefined],
    ]);
    expect(() => assertOfficeDaySettings(DEFAULT_OFFICE_DAY_SETTINGS)).not.toThrow();
  });

  const [reset, change] = ATSUGI_SERVICES as [ServiceDefinition, ServiceDefinition];
  it.each<[string, Partial<OfficeDaySettings>, string]>([
    ['two services sharing a prefix', { services: [reset, { ...change, prefix: 'R' }] }, 'services.prefix'],
    ['two services sharing a code', { services: [reset, { ...change, code: 'pin-reset' }] }, 'services.code'],
    [
      'a prefix that is not upper-case letters',
      { services: [{ ...reset, prefix: 'r1' }] },
      'services.prefix',
    ],
    ['a negative priority ratio', { priorityCallsPerRegular: -1 }, 'priorityCallsPerRegular'],
    ['a fractional priority ratio', { priorityCallsPerRegular: 1.5 }, 'priorityCallsPerRegular'],
    ['a no-show after zero calls', { noShowAfterCalls: 0 }, 'noShowAfterCalls'],
  ])('refuse %s', (_case, change, field) => {
    const settings = { ...DEFAULT_OFFICE_DAY_SETTINGS, ...change };
    const error = thrownBy(() => assertOfficeDaySettings(settings));
    expect(error).toBeInstanceOf(DomainInputError);
    expect(error).toMatchObject({ code: 'invalid-office-configuration', field });
  });
});

function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
