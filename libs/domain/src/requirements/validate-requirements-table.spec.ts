import {
  buildRequirementsTable,
  DEFAULT_REQUIREMENTS,
  validateRequirementOptions,
  validateRequirementsTable,
  whatToBring,
} from '@madoguchi/domain';

type Json = Record<string, unknown>;
type ConfigFile = Record<string, Record<string, Record<string, Json[]>>>;

/** The default table as an office configuration file would hold it (plain JSON, "1"/"2" visit keys). */
function defaultFile(): ConfigFile {
  return JSON.parse(JSON.stringify(DEFAULT_REQUIREMENTS)) as ConfigFile;
}

function visits(file: ConfigFile, procedure: string, applicant: string): Record<string, unknown> {
  return file[procedure]![applicant]!;
}

function items(file: ConfigFile, procedure: string, applicant: string, visit: string): Json[] {
  return file[procedure]![applicant]![visit]!;
}

function item(file: ConfigFile, procedure: string, applicant: string, visit: string, index: number): Json {
  return items(file, procedure, applicant, visit)[index]!;
}

function errorsOf(input: unknown): string[] {
  const result = validateRequirementsTable(input);
  return result.ok ? [] : result.errors;
}

describe('validateRequirementsTable (office configuration files)', () => {
  it('accepts the default table read back from JSON, unchanged', () => {
    const result = validateRequirementsTable(defaultFile());
    expect(result).toEqual({ ok: true, table: DEFAULT_REQUIREMENTS });
  });

  it.each([
    { representativeRule: 'A2_OR_A1B1' as const },
    { powerOfAttorneyAtVisit1: true, holderIdentityAtVisit2: true, proofIssuedWithinMonths: 3 },
  ])('accepts every table the switches build: %j', (options) => {
    const built = buildRequirementsTable(options);
    expect(validateRequirementsTable(JSON.parse(JSON.stringify(built)))).toEqual({ ok: true, table: built });
  });

  it('returns a frozen table that later edits to the file cannot reach', () => {
    const file = defaultFile();
    const result = validateRequirementsTable(file);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    (item(file, 'pin-reset', 'self', '1', 0).text as Json).ja = 'edited';
    expect(whatToBring('pin-reset', 'self', 1, result.table)[0]?.text.ja).toBe('マイナンバーカード');
    expect(Object.isFrozen(result.table['pin-reset'].self[1])).toBe(true);
  });

  it.each<[string, (file: ConfigFile) => unknown, RegExp]>([
    ['not an object', () => [], /must be an object/],
    ['a missing procedure', (f) => ({ 'pin-reset': f['pin-reset'] }), /^pin-change must be an object/],
    ['a misspelt procedure', (f) => ({ ...f, 'pin-rest': {} }), /unexpected key "pin-rest"/],
    ['a missing applicant', (f) => (delete f['pin-reset']!.proxy, f), /^pin-reset\.proxy must be an object/],
    [
      'a second visit for the holder',
      (f) => ((visits(f, 'pin-reset', 'self')['2'] = []), f),
      /pin-reset\.self has an unexpected key "2"/,
    ],
    [
      'a proxy without a second visit',
      (f) => (delete visits(f, 'pin-change', 'proxy')['2'], f),
      /pin-change\.proxy\.2 must be a list/,
    ],
    [
      'items that are not a list',
      (f) => ((visits(f, 'pin-reset', 'self')['1'] = {}), f),
      /pin-reset\.self\.1 must be a list/,
    ],
    [
      'an item code with capitals',
      (f) => ((item(f, 'pin-reset', 'self', '1', 0).code = 'Holder Card'), f),
      /\[0\]\.code must be/,
    ],
    [
      'an item without English',
      (f) => (delete (item(f, 'pin-reset', 'self', '1', 0).text as Json).en, f),
      /\[0\]\.text must have/,
    ],
    [
      'an unknown identity rule',
      (f) => ((item(f, 'pin-reset', 'self', '1', 1).identityRule = 'A3'), f),
      /\[1\]\.identityRule must be one of/,
    ],
    [
      'an identity rule without an owner',
      (f) => (delete item(f, 'pin-reset', 'self', '1', 1).whose, f),
      /\[1\]\.whose is needed/,
    ],
    [
      'an unknown owner',
      (f) => ((item(f, 'pin-reset', 'self', '1', 1).whose = 'neighbour'), f),
      /\[1\]\.whose must be applicant or holder/,
    ],
    [
      'exemptions that are not texts',
      (f) => ((item(f, 'pin-reset', 'self', '1', 0).exemptions = ['本籍']), f),
      /\[0\]\.exemptions must be/,
    ],
    [
      'a month count of zero',
      (f) => ((item(f, 'pin-reset', 'self', '1', 0).issuedWithinMonths = 0), f),
      /issuedWithinMonths must be a whole number/,
    ],
    [
      'a misspelt item key',
      (f) => ((item(f, 'pin-reset', 'self', '1', 0).identityrule = 'A1_OR_B2'), f),
      /\[0\] has an unexpected key "identityrule"/,
    ],
    [
      'the same item twice in one visit',
      (f) => (items(f, 'pin-change', 'self', '1').push(item(f, 'pin-change', 'self', '1', 0)), f),
      /pin-change\.self\.1\[2\]\.code repeats/,
    ],
    [
      'two identity rules for one person',
      (f) => ((item(f, 'pin-reset', 'legal-representative', '1', 2).whose = 'applicant'), f),
      /legal-representative\.1\[2\] is a second identity rule/,
    ],
    [
      'a proxy visit that does not check the proxy’s identity',
      (f) => (
        (visits(f, 'pin-reset', 'proxy')['2'] = items(f, 'pin-reset', 'proxy', '2').filter(
          (entry) => entry.code !== 'applicant-identity',
        )),
        f
      ),
      /pin-reset\.proxy\.2 must ask for the proxy's identity/,
    ],
  ])('refuses a file with %s', (_label, edit, expected) => {
    const errors = errorsOf(edit(defaultFile()));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((error) => expected.test(error))).toBe(true);
  });

  it('reports every problem at once', () => {
    const file = defaultFile();
    item(file, 'pin-reset', 'self', '1', 0).code = '';
    item(file, 'pin-change', 'proxy', '1', 1).identityRule = 'A9';
    expect(errorsOf(file)).toHaveLength(2);
  });

  it('names the place of a problem, never the value found there', () => {
    const file = defaultFile();
    item(file, 'pin-reset', 'self', '1', 1).identityRule = 'PIN 1234';
    item(file, 'pin-reset', 'self', '1', 0)['山田 太郎 1234'] = true;
    const errors = errorsOf(file).join('\n');
    expect(errors).not.toContain('1234');
    expect(errors).toContain('pin-reset.self.1[0] has an unexpected key');
  });
});

describe('validateRequirementOptions', () => {
  it('accepts the switches of domain.md §2 and no switch at all', () => {
    expect(validateRequirementOptions(undefined)).toEqual({ ok: true, options: {} });
    expect(
      validateRequirementOptions({
        representativeRule: 'A2_OR_A1B1',
        proxyRule: 'A1_OR_B2',
        powerOfAttorneyAtVisit1: true,
        holderIdentityAtVisit2: false,
        proofIssuedWithinMonths: 3,
      }),
    ).toEqual({
      ok: true,
      options: {
        representativeRule: 'A2_OR_A1B1',
        proxyRule: 'A1_OR_B2',
        powerOfAttorneyAtVisit1: true,
        holderIdentityAtVisit2: false,
        proofIssuedWithinMonths: 3,
      },
    });
  });

  it('refuses malformed switches, each with its own message', () => {
    const result = validateRequirementOptions({
      representativeRule: 'A1',
      holderIdentityAtVisit2: 'true',
      proofIssuedWithinMonths: -3,
      extra: 1,
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toHaveLength(4);
    expect(validateRequirementOptions('A2_OR_A1B1').ok).toBe(false);
  });
});
