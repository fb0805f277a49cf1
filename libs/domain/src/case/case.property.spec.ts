import fc from 'fast-check';
import {
  CASE_ABANDON_REASONS,
  CASE_COMMAND_TYPES,
  CASE_EVENT_TYPES,
  decideCase,
  DOCUMENT_CODES,
  evolveCase,
  initialCaseState,
  PIN_KINDS,
  type Actor,
  type CaseCommand,
  type CaseEvent,
} from '@madoguchi/domain';

// Whatever a form or a message smuggles into a command (a PIN typed into the wrong field, a My Number
// read off the card), no event may carry it: events are copied field by field, never spread.

const SECRET_KEYS = ['pin', 'oldPin', 'newPin', 'myNumber', 'PIN', 'name', 'documentNumber'] as const;
const FORBIDDEN_KEYS = new Set(['pin', 'oldpin', 'newpin', 'mynumber']);
const MARKER = 'SECRET';

const CLERK: Actor = { kind: 'clerk', id: 'clerk-7' };
const SUPERVISOR: Actor = { kind: 'supervisor', id: 'sv-1' };
const APPLIED = new Date('2026-12-01T10:00:00+09:00');
const VISIT_2 = new Date('2027-01-04T09:00:00+09:00');
const AFTER_DEADLINE = new Date('2027-01-05T10:00:00+09:00');
const FULL = {
  'user-certificate': 3,
  'signing-certificate': 5,
  'resident-registry': 3,
  'card-info-input': 3,
};

function cmd(type: CaseCommand['type'], data: object, now = APPLIED, actor = CLERK): CaseCommand {
  return { type, data, metadata: { now, actor } } as CaseCommand;
}

function play(commands: CaseCommand[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const command of commands) {
    const decision = decideCase(command, events.reduce(evolveCase, initialCaseState()));
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.code}`);
    events.push(...decision.events);
  }
  return events;
}

const open = (procedure: string, applicant: string, holder: object = {}) =>
  cmd('OpenCase', {
    caseId: 'case-1',
    officeId: 'atsugi',
    procedure,
    applicant,
    holder: { registeredResident: true, under15: false, adultWard: false, ...holder },
  });
const passport = (now = APPLIED) =>
  cmd(
    'RecordIdentityDocuments',
    { whose: 'applicant', documents: [{ code: 'passport', original: true }] },
    now,
  );
const card = (now = APPLIED) => cmd('RecordCardChecked', { triesLeft: FULL }, now);
const fourDigits = ['user-certificate', 'resident-registry', 'card-info-input'];

/** Histories in which each command has a chance to be accepted. */
const HISTORIES: CaseEvent[][] = [
  [],
  play([open('pin-reset', 'self'), card()]),
  play([
    open('pin-reset', 'self'),
    passport(),
    card(),
    cmd('RecordPinsReset', { kinds: fourDigits, triesLeft: FULL }),
  ]),
  play([open('pin-reset', 'self'), passport(), card()]),
  play([open('pin-change', 'self'), card(), cmd('RecordPinsChanged', { kinds: fourDigits })]),
  play([open('pin-change', 'self'), card()]),
  play([
    open('pin-change', 'self'),
    card(),
    cmd('RecordPinChangeFailed', { kind: 'user-certificate', triesLeft: 2 }),
  ]),
  play([open('pin-reset', 'proxy'), passport()]),
  play([open('pin-change', 'proxy'), passport(), cmd('MailInquiryLetter', {})]),
  play([
    open('pin-reset', 'proxy'),
    passport(),
    cmd('MailInquiryLetter', {}),
    cmd('RecordLetterReturned', {}, VISIT_2),
    passport(VISIT_2),
    card(VISIT_2),
  ]),
  play([open('pin-reset', 'legal-representative', { under15: true })]),
];

const junk = fc.dictionary(
  fc.constantFrom(...SECRET_KEYS),
  fc.stringMatching(/^[0-9A-Za-z]{4,16}$/).map((value) => `${MARKER}${value}`),
  { minKeys: 1 },
);
const withJunk = <T extends object>(arbitrary: fc.Arbitrary<T>) =>
  fc.tuple(arbitrary, junk).map(([value, extra]) => ({ ...extra, ...value }));

const pinKind = fc.constantFrom(...PIN_KINDS);
const pinKinds = fc.subarray([...PIN_KINDS], { minLength: 1 });
const triesLeft = withJunk(
  fc.record({
    'user-certificate': fc.integer({ min: 0, max: 3 }),
    'signing-certificate': fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    'resident-registry': fc.integer({ min: 0, max: 3 }),
    'card-info-input': fc.integer({ min: 0, max: 3 }),
  }),
);
const presentedDocument = withJunk(
  fc.record(
    {
      code: fc.oneof(
        fc.constantFrom(...DOCUMENT_CODES),
        junk.map((extra) => Object.values(extra)[0]),
      ),
      original: fc.boolean(),
      expiresOn: fc.constantFrom('2030-01-01', '2020-01-01', `${MARKER}-2030`),
      issuedOn: fc.constantFrom('2015-01-01', '2010-01-01'),
      hasPhoto: fc.boolean(),
    },
    { requiredKeys: ['code', 'original'] },
  ),
);

const DATA: Record<CaseCommand['type'], fc.Arbitrary<object>> = {
  OpenCase: fc.record({
    caseId: fc.constant('case-9'),
    officeId: fc.constant('atsugi'),
    procedure: fc.constantFrom('pin-reset', 'pin-change'),
    applicant: fc.constantFrom('self', 'legal-representative', 'proxy'),
    holder: withJunk(
      fc.record({
        registeredResident: fc.constantFrom(true, true, true, false),
        under15: fc.boolean(),
        adultWard: fc.boolean(),
      }),
    ),
  }),
  RecordIdentityDocuments: fc.record({
    whose: fc.constantFrom('applicant', 'holder'),
    documents: fc.array(presentedDocument, { maxLength: 4 }),
  }),
  RecordSupervisorException: fc.record({
    supervisorId: fc.constant('sv-1'),
    reason: fc.constant('市民課に確認済み'),
  }),
  RecordRepresentationProof: fc.record({
    proof: withJunk(
      fc.oneof(
        fc.record({
          document: fc.constantFrom('family-register-certificate', 'guardianship-registration-certificate'),
          original: fc.boolean(),
        }),
        fc.record({ exemption: fc.constantFrom('registered-domicile-in-city', 'same-household') }),
      ),
    ),
  }),
  MailInquiryLetter: fc.constant({}),
  RecordLetterReturned: fc.oneof(fc.constant({}), fc.constant({ ticketNumber: 'R012' })),
  ExpireLetter: fc.constant({}),
  RecordCardChecked: fc.record({ triesLeft }),
  RecordPinsChanged: fc.record({ kinds: pinKinds }),
  RecordPinChangeFailed: fc.record({ kind: pinKind, triesLeft: fc.integer({ min: 0, max: 2 }) }),
  ContinueAsReset: fc.constant({}),
  RecordPinsReset: fc.record({ kinds: pinKinds, triesLeft }),
  AcceptResetBySupervisor: fc.record({
    kinds: pinKinds,
    supervisorId: fc.constant('sv-1'),
    reason: fc.constant('読み取り機の故障、J-LIS端末で確認済み'),
  }),
  RecordNewPinVerified: fc.record({ kind: pinKind }),
  RecordNewPinVerificationFailed: fc.record({ kind: pinKind, triesLeft: fc.integer({ min: 0, max: 2 }) }),
  Complete: fc.constant({}),
  Abandon: fc.record({ reason: fc.constantFrom(...CASE_ABANDON_REASONS) }),
};

const command: fc.Arbitrary<CaseCommand> = fc
  .constantFrom(...CASE_COMMAND_TYPES)
  .chain((type) =>
    fc.record({
      type: fc.constant(type),
      data: withJunk(DATA[type]),
      metadata: withJunk(
        fc.record({
          now: fc.constantFrom(APPLIED, VISIT_2, AFTER_DEADLINE),
          actor: fc.constantFrom(CLERK, SUPERVISOR),
        }),
      ),
      extra: junk,
    }),
  )
  .map(({ extra, ...command }) => ({ ...extra, ...command }) as unknown as CaseCommand);

function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child)]);
  }
  return [];
}

describe('Case events never carry a PIN or a My Number', () => {
  it('no generated command puts a PIN-looking field, or any smuggled value, into an event', () => {
    const produced = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(...HISTORIES), command, (history, generated) => {
        const state = history.reduce(evolveCase, initialCaseState());
        const decision = decideCase(generated, state);
        if (!decision.ok) return;
        const json = JSON.stringify(decision.events);
        const keys = keysOf(JSON.parse(json));
        expect(keys.filter((key) => FORBIDDEN_KEYS.has(key.toLowerCase()))).toEqual([]);
        expect(json).not.toContain(MARKER);
        for (const event of decision.events) produced.add(event.type);
      }),
      { numRuns: 3000 },
    );
    // The property means something only if every kind of event was actually produced.
    expect([...produced].sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });
});
