import {
  CASE_COMMAND_TYPES,
  CASE_EVENT_SCHEMA_VERSIONS,
  CASE_EVENT_TYPES,
  buildRequirementsTable,
  decideCase,
  DEFAULT_CASE_SETTINGS,
  DEFAULT_REQUIREMENTS,
  evolveCase,
  inquiryLetterDeadline,
  initialCaseState,
  permitCardStep,
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseRefusal,
  type CaseSettings,
  type CaseState,
  type PresentedDocument,
} from '@madoguchi/domain';

// ---------------------------------------------------------------------------------------------------
// given(events).when(command).then(events) / thenRefused(code)

type CommandType = CaseCommand['type'];
type DataOf<T extends CommandType> = Extract<CaseCommand, { type: T }>['data'];

const CLERK: Actor = { kind: 'clerk', id: 'clerk-7' };
const SUPERVISOR: Actor = { kind: 'supervisor', id: 'sv-1' };
/** Tuesday, counter open. */
const APPLIED = new Date('2026-12-01T10:00:00+09:00');

function command<T extends CommandType>(
  type: T,
  data: DataOf<T>,
  now: Date = APPLIED,
  actor: Actor = CLERK,
): CaseCommand {
  return { type, data, metadata: { now, actor } } as CaseCommand;
}

function stateOf(events: readonly CaseEvent[]): CaseState {
  return events.reduce(evolveCase, initialCaseState());
}

function given(...history: CaseEvent[][]) {
  const events = history.flat();
  return {
    when(cmd: CaseCommand, settings: CaseSettings = DEFAULT_CASE_SETTINGS) {
      const decision = decideCase(cmd, stateOf(events), settings);
      return {
        then(expected: CaseEvent[]): void {
          expect(decision).toEqual({ ok: true, events: expected });
        },
        thenRefused<C extends CaseRefusal['code']>(
          code: C,
          details?: Omit<Extract<CaseRefusal, { code: C }>, 'code'>,
        ): void {
          expect(decision.ok).toBe(false);
          if (decision.ok) return;
          if (details === undefined) expect(decision.refusal.code).toBe(code);
          else expect(decision.refusal).toEqual({ code, ...details });
        },
      };
    },
  };
}

/** Runs commands after `base`, each of which must be accepted, and returns the whole stream. */
function history(
  commands: CaseCommand[],
  base: CaseEvent[] = [],
  settings: CaseSettings = DEFAULT_CASE_SETTINGS,
): CaseEvent[] {
  const events = [...base];
  for (const cmd of commands) {
    const decision = decideCase(cmd, stateOf(events), settings);
    if (!decision.ok) throw new Error(`${cmd.type} refused: ${JSON.stringify(decision.refusal)}`);
    events.push(...decision.events);
  }
  return events;
}

// ---------------------------------------------------------------------------------------------------
// Fixtures

const CASE_ID = '3f2a9c4e-8b1d-4e6f-9a2b-7c5d1e0f4a8b';
/** Printed on the inquiry letter: the case id's first 12 hex digits. */
const REFERENCE = '3F2A-9C4E-8B1D';
const RESIDENT = { registeredResident: true, under15: false, adultWard: false };
const CHILD = { registeredResident: true, under15: true, adultWard: false };
const FULL = {
  'user-certificate': 3,
  'signing-certificate': 5,
  'resident-registry': 3,
  'card-info-input': 3,
};
const NO_SIGNING = { ...FULL, 'signing-certificate': null };
const FOUR_DIGIT = ['user-certificate', 'resident-registry', 'card-info-input'] as const;

const PASSPORT: PresentedDocument = { code: 'passport', original: true, expiresOn: '2030-05-01' };
const HEALTH_CARD: PresentedDocument = { code: 'health-insurance-card', original: true };
const PENSION: PresentedDocument = { code: 'pension-certificate', original: true };

const open = (
  procedure: 'pin-reset' | 'pin-change',
  applicant: 'self' | 'legal-representative' | 'proxy',
  holder = RESIDENT,
  now = APPLIED,
) =>
  command(
    'OpenCase',
    { caseId: CASE_ID, officeId: 'atsugi', ticketNumber: 'R001', procedure, applicant, holder },
    now,
  );
const documents = (whose: 'applicant' | 'holder', docs: PresentedDocument[], now = APPLIED) =>
  command('RecordIdentityDocuments', { whose, documents: docs }, now);
const cardChecked = (triesLeft: Record<string, number | null> = FULL, now = APPLIED) =>
  command('RecordCardChecked', { triesLeft }, now);
const pinsChanged = (kinds: readonly string[] = FOUR_DIGIT, now = APPLIED) =>
  command('RecordPinsChanged', { kinds } as DataOf<'RecordPinsChanged'>, now);
/** The clerk's J-LIS reset with the counters the card read afterwards (full unless said otherwise). */
const pinsReset = (
  kinds: readonly string[] = FOUR_DIGIT,
  now = APPLIED,
  triesLeft: Record<string, number | null> = FULL,
) => command('RecordPinsReset', { kinds, triesLeft } as DataOf<'RecordPinsReset'>, now);
const newPinVerified = (kind: string, now = APPLIED) =>
  command('RecordNewPinVerified', { kind } as DataOf<'RecordNewPinVerified'>, now);
const verifiedAll = (kinds: readonly string[] = FOUR_DIGIT, now = APPLIED) =>
  kinds.map((kind) => newPinVerified(kind, now));
const changeFailed = (kind = 'user-certificate', triesLeft = 2, now = APPLIED) =>
  command('RecordPinChangeFailed', { kind, triesLeft } as DataOf<'RecordPinChangeFailed'>, now);
const mail = (now = APPLIED) => command('MailInquiryLetter', {}, now);
const representationProof = (proof: object, now = APPLIED) =>
  command('RecordRepresentationProof', { proof } as DataOf<'RecordRepresentationProof'>, now);
const returned = (now: Date) => command('RecordLetterReturned', {}, now);
const expire = (now: Date) => command('ExpireLetter', {}, now);
const continueAsReset = (now = APPLIED) => command('ContinueAsReset', {}, now);
const complete = (now = APPLIED) => command('Complete', {}, now);
const abandon = (reason: string, now = APPLIED) => command('Abandon', { reason } as DataOf<'Abandon'>, now);
const exception = (
  reason = '在外公館発行の身分証明書を市民課に確認',
  actor = SUPERVISOR,
  supervisorId = 'sv-1',
) => command('RecordSupervisorException', { supervisorId, reason }, APPLIED, actor);

const at = APPLIED.toISOString();

/** A self reset with the PINs reset on the terminal and confirmed by the counters, not yet verified. */
const selfResetUnverified = () =>
  history([open('pin-reset', 'self'), documents('applicant', [PASSPORT]), cardChecked(), pinsReset()]);
/** A self reset ready to complete: documents checked, card read, PINs reset, new PINs verified. */
const selfResetDone = () => history(verifiedAll(), selfResetUnverified());
const proxyOpened = (procedure: 'pin-reset' | 'pin-change' = 'pin-reset') =>
  history([open(procedure, 'proxy'), documents('applicant', [PASSPORT])]);
const proxyMailed = (procedure: 'pin-reset' | 'pin-change' = 'pin-reset') =>
  history([open(procedure, 'proxy'), documents('applicant', [PASSPORT]), mail()]);
/** The letter came back on the last day (the deadline 2026-12-31 moved past the year-end break). */
const VISIT_2 = new Date('2027-01-04T09:00:00+09:00');
const proxyReturned = (procedure: 'pin-reset' | 'pin-change' = 'pin-reset') =>
  history([returned(VISIT_2)], proxyMailed(procedure));

// ---------------------------------------------------------------------------------------------------

describe('Case aggregate (domain.md §2)', () => {
  it('versions every event type: v2 for the letter reference, the second visit’s ticket, and confirmed resets', () => {
    expect(CASE_EVENT_TYPES).toHaveLength(19);
    const second = Object.entries(CASE_EVENT_SCHEMA_VERSIONS).filter(([, version]) => version === 2);
    expect(second.map(([type]) => type).sort()).toEqual([
      'InquiryLetterMailed',
      'InquiryLetterReturned',
      'PinsReset',
    ]);
    expect(Object.values(CASE_EVENT_SCHEMA_VERSIONS).every((version) => version <= 2)).toBe(true);
    expect(CASE_COMMAND_TYPES).toHaveLength(17);
  });

  it('defaults to a 30-day letter that moves to an open day, on the Atsugi table', () => {
    expect(DEFAULT_CASE_SETTINGS.letterDeadlineDays).toBe(30);
    expect(DEFAULT_CASE_SETTINGS.letterDeadlineMovesToOpenDay).toBe(true);
    expect(DEFAULT_CASE_SETTINGS.requirements).toBe(DEFAULT_REQUIREMENTS);
  });

  describe('OpenCase', () => {
    it('opens a case on the Tokyo day of the application, keeping only the holder facts', () => {
      const holder = { ...RESIDENT, name: '厚木 太郎' } as typeof RESIDENT;
      given()
        .when(
          command('OpenCase', {
            caseId: CASE_ID,
            officeId: 'atsugi',
            procedure: 'pin-reset',
            applicant: 'self',
            holder,
          }),
        )
        .then([
          {
            type: 'CaseOpened',
            data: {
              caseId: CASE_ID,
              officeId: 'atsugi',
              procedure: 'pin-reset',
              applicant: 'self',
              holder: RESIDENT,
              appliedOn: '2026-12-01',
              at,
            },
          },
        ]);
    });

    it('keeps the ticket number and takes the Tokyo calendar day (00:30 JST is still the previous UTC day)', () => {
      const justAfterMidnight = new Date('2026-11-30T15:30:00Z');
      const decision = decideCase(
        open('pin-change', 'self', RESIDENT, justAfterMidnight),
        initialCaseState(),
      );
      expect(decision).toMatchObject({
        ok: true,
        events: [{ type: 'CaseOpened', data: { ticketNumber: 'R001', appliedOn: '2026-12-01' } }],
      });
    });

    it('refuses a second opening', () => {
      given(history([open('pin-reset', 'self')]))
        .when(open('pin-reset', 'self'))
        .thenRefused('already-open', {});
    });

    it('refuses a holder not registered in the city (厚木市に住民登録がない方は手続ができません)', () => {
      given()
        .when(open('pin-reset', 'self', { ...RESIDENT, registeredResident: false }))
        .thenRefused('not-eligible', { reasons: ['not-a-resident'] });
    });

    it('refuses a legal representative for an adult holder who is not a ward', () => {
      given()
        .when(open('pin-reset', 'legal-representative', RESIDENT))
        .thenRefused('not-eligible', { reasons: ['legal-representative-needs-minor-or-ward'] });
    });

    it('refuses an unknown procedure or applicant without throwing', () => {
      given()
        .when(
          command('OpenCase', {
            caseId: CASE_ID,
            officeId: 'atsugi',
            procedure: 'pin-renew',
            applicant: 'friend',
            holder: RESIDENT,
          } as unknown as DataOf<'OpenCase'>),
        )
        .thenRefused('not-eligible', { reasons: ['unknown-procedure', 'unknown-applicant'] });
      given()
        .when(
          command('OpenCase', {
            caseId: CASE_ID,
            officeId: 'atsugi',
            procedure: 'pin-reset',
            applicant: 'self',
          } as unknown as DataOf<'OpenCase'>),
        )
        .thenRefused('not-eligible', { reasons: ['not-a-resident'] });
    });

    it.each([
      ['data.caseId', { caseId: '' }],
      ['data.officeId', { officeId: 42 }],
      ['data.ticketNumber', { ticketNumber: ' ' }],
    ])('refuses a malformed %s', (field, patch) => {
      const data = {
        caseId: CASE_ID,
        officeId: 'atsugi',
        procedure: 'pin-reset',
        applicant: 'self',
        holder: RESIDENT,
      };
      given()
        .when(command('OpenCase', { ...data, ...patch } as unknown as DataOf<'OpenCase'>))
        .thenRefused('invalid-command', { field });
    });
  });

  describe('any command', () => {
    it.each(CASE_COMMAND_TYPES.filter((type) => type !== 'OpenCase'))(
      '%s is refused before the case is opened',
      (type) => {
        given().when(command(type, {})).thenRefused('case-not-open', {});
      },
    );

    const closings: [string, () => CaseEvent[]][] = [
      ['completed', () => history([complete()], selfResetDone())],
      ['abandoned', () => history([open('pin-reset', 'self'), abandon('applicant-left')])],
      ['expired', () => history([expire(new Date('2027-01-05T09:00:00+09:00'))], proxyMailed())],
    ];
    describe.each(closings)('after the case is %s', (outcome, closed) => {
      it.each(CASE_COMMAND_TYPES)('%s is refused as case-closed', (type) => {
        given(closed())
          .when(command(type, {}))
          .thenRefused('case-closed', { outcome } as never);
      });
    });

    it.each<[string, unknown]>([
      ['type', { type: 'ResetEverything', data: {}, metadata: { now: APPLIED, actor: CLERK } }],
      ['type', { type: 'toString', data: {}, metadata: { now: APPLIED, actor: CLERK } }],
      ['data', { type: 'Complete', metadata: { now: APPLIED, actor: CLERK } }],
      ['metadata', { type: 'Complete', data: {} }],
      ['metadata.now', { type: 'Complete', data: {}, metadata: { now: new Date('nonsense'), actor: CLERK } }],
      ['metadata.now', { type: 'Complete', data: {}, metadata: { now: '2026-12-01', actor: CLERK } }],
      ['metadata.actor', { type: 'Complete', data: {}, metadata: { now: APPLIED } }],
      ['command', null],
    ])('refuses a command with a malformed %s instead of throwing', (field, raw) => {
      given(selfResetDone())
        .when(raw as CaseCommand)
        .thenRefused('invalid-command', { field });
    });
  });

  describe('RecordIdentityDocuments', () => {
    it('records the documents by code and condition, the rule of this visit and the verdict', () => {
      given(history([open('pin-reset', 'proxy')]))
        .when(documents('applicant', [PASSPORT]))
        .then([
          {
            type: 'IdentityDocumentsRecorded',
            data: {
              visit: 1,
              whose: 'applicant',
              documents: [{ code: 'passport', original: true, expiresOn: '2030-05-01' }],
              rule: 'A1_OR_B2',
              verdict: { sufficient: true, counted: [{ code: 'passport', category: 'A' }], rejected: [] },
              at,
            },
          },
        ]);
    });

    it('records an insufficient verdict too: one B document does not make a proxy', () => {
      given(history([open('pin-reset', 'proxy')]))
        .when(documents('applicant', [HEALTH_CARD, { ...PENSION, original: false }]))
        .then([
          {
            type: 'IdentityDocumentsRecorded',
            data: {
              visit: 1,
              whose: 'applicant',
              documents: [HEALTH_CARD, { ...PENSION, original: false }],
              rule: 'A1_OR_B2',
              verdict: {
                sufficient: false,
                counted: [{ code: 'health-insurance-card', category: 'B' }],
                rejected: [{ code: 'pension-certificate', reason: 'copy' }],
              },
              at,
            },
          },
        ]);
    });

    it('drops document numbers, names and free text that is not a listed code or a date', () => {
      const presented = [
        { ...PASSPORT, number: 'TK1234567', holderName: '厚木 太郎' },
        { code: 'embassy-letter-123456789012', original: true, expiresOn: 'next year', hasPhoto: true },
      ] as unknown as PresentedDocument[];
      given(history([open('pin-reset', 'self')]))
        .when(documents('holder', presented))
        .then([
          {
            type: 'IdentityDocumentsRecorded',
            data: {
              visit: 1,
              whose: 'holder',
              documents: [
                { code: 'passport', original: true, expiresOn: '2030-05-01' },
                { code: null, original: true, hasPhoto: true },
              ],
              rule: 'A1_OR_B1',
              verdict: {
                sufficient: true,
                counted: [{ code: 'passport', category: 'A' }],
                rejected: [{ code: null, reason: 'unknown-document' }],
              },
              at,
            },
          },
        ]);
    });

    it('judges expiry on the Tokyo calendar day of the command', () => {
      const earlyMorning = new Date('2026-11-30T23:30:00Z'); // 2026-12-01 08:30 in Tokyo
      given(history([open('pin-reset', 'self')]))
        .when(documents('applicant', [{ ...PASSPORT, expiresOn: '2026-11-30' }], earlyMorning))
        .then([
          {
            type: 'IdentityDocumentsRecorded',
            data: {
              visit: 1,
              whose: 'applicant',
              documents: [{ ...PASSPORT, expiresOn: '2026-11-30' }],
              rule: 'A1_OR_B1',
              verdict: {
                sufficient: false,
                counted: [],
                rejected: [{ code: 'passport', reason: 'expired' }],
              },
              at: earlyMorning.toISOString(),
            },
          },
        ]);
    });

    it('refuses documents when the table asks none of that person (a self change: card and PIN suffice)', () => {
      given(history([open('pin-change', 'self')]))
        .when(documents('applicant', [PASSPORT]))
        .thenRefused('no-identity-check-needed', { whose: 'applicant', visit: 1, procedure: 'pin-change' });
    });

    it("refuses the holder's documents where a proxy alone is checked", () => {
      given(history([open('pin-reset', 'proxy')]))
        .when(documents('holder', [PASSPORT]))
        .thenRefused('no-identity-check-needed', { whose: 'holder', visit: 1, procedure: 'pin-reset' });
    });

    it.each([
      ['data.whose', { whose: 'neighbour', documents: [] }],
      ['data.documents', { whose: 'applicant', documents: 'passport' }],
    ])('refuses a malformed %s', (field, data) => {
      given(history([open('pin-reset', 'self')]))
        .when(command('RecordIdentityDocuments', data as unknown as DataOf<'RecordIdentityDocuments'>))
        .thenRefused('invalid-command', { field });
    });
  });

  describe('RecordSupervisorException', () => {
    it('records who accepted a document not on the list, and why', () => {
      given(history([open('pin-reset', 'self')]))
        .when(exception('  在外公館発行の身分証明書を市民課に確認  '))
        .then([
          {
            type: 'IdentityExceptionRecorded',
            data: {
              visit: 1,
              procedure: 'pin-reset',
              supervisorId: 'sv-1',
              reason: '在外公館発行の身分証明書を市民課に確認',
              at,
            },
          },
        ]);
    });

    it('accepts a reason of exactly 500 characters, counted as characters not UTF-16 units', () => {
      const decision = decideCase(exception('𠮷'.repeat(500)), stateOf(history([open('pin-reset', 'self')])));
      expect(decision.ok).toBe(true);
    });

    it('refuses a clerk', () => {
      given(history([open('pin-reset', 'self')]))
        .when(exception(undefined, CLERK, 'clerk-7'))
        .thenRefused('supervisor-required', {});
    });

    it('refuses a supervisor recording in another supervisor’s name', () => {
      given(history([open('pin-reset', 'self')]))
        .when(exception(undefined, SUPERVISOR, 'sv-2'))
        .thenRefused('supervisor-required', {});
    });

    it.each([
      ['empty', ''],
      ['blank', ' \u3000 '],
      ['longer than 500 characters', 'あ'.repeat(501)],
      ['not text', 42 as unknown as string],
    ])('refuses a reason that is %s', (_label, reason) => {
      given(history([open('pin-reset', 'self')]))
        .when(exception(reason))
        .thenRefused('reason-required', { maxLength: 500 });
    });
  });

  describe('MailInquiryLetter', () => {
    it('mails the letter with a deadline 30 days from the day after the application, moved past the year-end break', () => {
      given(proxyOpened())
        .when(mail())
        .then([
          {
            type: 'InquiryLetterMailed',
            data: { reference: REFERENCE, mailedOn: '2026-12-01', deadline: '2027-01-04', at },
          },
        ]);
    });

    it('keeps a deadline that falls on an open day (2026-06-01 → 2026-07-01)', () => {
      const june = new Date('2026-06-01T10:00:00+09:00');
      given(history([open('pin-change', 'proxy', RESIDENT, june), documents('applicant', [PASSPORT], june)]))
        .when(mail(june))
        .then([
          {
            type: 'InquiryLetterMailed',
            data: {
              reference: REFERENCE,
              mailedOn: '2026-06-01',
              deadline: '2026-07-01',
              at: june.toISOString(),
            },
          },
        ]);
    });

    it('dates the letter on the day it is mailed, the deadline on the application', () => {
      given(proxyOpened())
        .when(mail(new Date('2026-12-02T09:00:00+09:00')))
        .then([
          {
            type: 'InquiryLetterMailed',
            data: {
              reference: REFERENCE,
              mailedOn: '2026-12-02',
              deadline: '2027-01-04',
              at: new Date('2026-12-02T09:00:00+09:00').toISOString(),
            },
          },
        ]);
    });

    it('follows the office settings: no move to an open day, or another number of days', () => {
      const noMove = { ...DEFAULT_CASE_SETTINGS, letterDeadlineMovesToOpenDay: false };
      expect(inquiryLetterDeadline('2026-12-01', noMove)).toBe('2026-12-31');
      expect(inquiryLetterDeadline('2026-12-01', { ...DEFAULT_CASE_SETTINGS, letterDeadlineDays: 14 })).toBe(
        '2026-12-15',
      );
      // 2026-06-05 + 30 is a Sunday.
      expect(inquiryLetterDeadline('2026-06-05', DEFAULT_CASE_SETTINGS)).toBe('2026-07-06');
      given(proxyOpened())
        .when(mail(), noMove)
        .then([
          {
            type: 'InquiryLetterMailed',
            data: { reference: REFERENCE, mailedOn: '2026-12-01', deadline: '2026-12-31', at },
          },
        ]);
    });

    it('rejects a deadline setting that is not a positive whole number at use', () => {
      expect(() =>
        inquiryLetterDeadline('2026-12-01', { ...DEFAULT_CASE_SETTINGS, letterDeadlineDays: 0 }),
      ).toThrow(expect.objectContaining({ code: 'invalid-office-configuration' }) as Error);
    });

    it('refuses a case that is not a proxy’s', () => {
      given(history([open('pin-reset', 'self'), documents('applicant', [PASSPORT])]))
        .when(mail())
        .thenRefused('not-a-proxy-case', {});
    });

    it('refuses while the proxy has not shown A×1 or B×2', () => {
      given(history([open('pin-reset', 'proxy')]))
        .when(mail())
        .thenRefused('identity-not-sufficient', { whose: ['applicant'] });
      given(history([open('pin-reset', 'proxy'), documents('applicant', [HEALTH_CARD])]))
        .when(mail())
        .thenRefused('identity-not-sufficient', { whose: ['applicant'] });
    });

    it('accepts two different B documents, or a supervisor’s exception', () => {
      given(history([open('pin-reset', 'proxy'), documents('applicant', [HEALTH_CARD, PENSION])]))
        .when(mail())
        .then([
          {
            type: 'InquiryLetterMailed',
            data: { reference: REFERENCE, mailedOn: '2026-12-01', deadline: '2027-01-04', at },
          },
        ]);
      given(history([open('pin-reset', 'proxy'), exception()]))
        .when(mail())
        .then([
          {
            type: 'InquiryLetterMailed',
            data: { reference: REFERENCE, mailedOn: '2026-12-01', deadline: '2027-01-04', at },
          },
        ]);
    });

    it('refuses a second letter', () => {
      given(proxyMailed()).when(mail()).thenRefused('letter-already-mailed', {});
      given(proxyReturned()).when(mail()).thenRefused('letter-already-mailed', {});
    });
  });

  describe('RecordLetterReturned', () => {
    it('starts visit 2 on the deadline day itself', () => {
      given(proxyMailed())
        .when(returned(VISIT_2))
        .then([
          {
            type: 'InquiryLetterReturned',
            data: { returnedOn: '2027-01-04', deadline: '2027-01-04', visit: 2, at: VISIT_2.toISOString() },
          },
        ]);
    });

    it('refuses a letter brought back after the deadline', () => {
      given(proxyMailed())
        .when(returned(new Date('2027-01-05T08:30:00+09:00')))
        .thenRefused('letter-deadline-passed', { deadline: '2027-01-04' });
    });

    it('refuses the letter on the day it was mailed: it goes by post to the holder and back', () => {
      given(proxyMailed())
        .when(returned(new Date('2026-12-01T16:00:00+09:00')))
        .thenRefused('letter-returned-too-early', { mailedOn: '2026-12-01' });
      const nextDay = new Date('2026-12-02T09:00:00+09:00');
      given(proxyMailed())
        .when(returned(nextDay))
        .then([
          {
            type: 'InquiryLetterReturned',
            data: { returnedOn: '2026-12-02', deadline: '2027-01-04', visit: 2, at: nextDay.toISOString() },
          },
        ]);
    });

    it('links the second visit’s ticket to the case', () => {
      const withTicket = command('RecordLetterReturned', { ticketNumber: 'R014' }, VISIT_2);
      const events = history([withTicket], proxyMailed());
      expect(events.at(-1)).toMatchObject({ data: { ticketNumber: 'R014' } });
      expect(stateOf(events)).toMatchObject({ ticketNumbers: ['R001', 'R014'] });
      given(proxyMailed())
        .when(command('RecordLetterReturned', { ticketNumber: ' ' }, VISIT_2))
        .thenRefused('invalid-command', { field: 'data.ticketNumber' });
    });

    it('refuses before the letter is mailed, twice, or outside a proxy case', () => {
      given(proxyOpened()).when(returned(VISIT_2)).thenRefused('letter-not-mailed', {});
      given(proxyReturned()).when(returned(VISIT_2)).thenRefused('letter-already-returned', {});
      given(history([open('pin-reset', 'self')]))
        .when(returned(VISIT_2))
        .thenRefused('not-a-proxy-case', {});
    });
  });

  describe('ExpireLetter', () => {
    it('ends the case the day after the deadline', () => {
      const dayAfter = new Date('2027-01-05T00:00:00+09:00');
      given(proxyMailed())
        .when(expire(dayAfter))
        .then([
          {
            type: 'InquiryLetterExpired',
            data: { deadline: '2027-01-04', expiredOn: '2027-01-05', at: dayAfter.toISOString() },
          },
        ]);
    });

    it('refuses on the deadline day, which still belongs to the holder', () => {
      given(proxyMailed())
        .when(expire(new Date('2027-01-04T23:59:00+09:00')))
        .thenRefused('deadline-not-reached', { deadline: '2027-01-04' });
    });

    it('refuses before the letter is mailed, after it came back, or outside a proxy case', () => {
      const late = new Date('2027-02-01T10:00:00+09:00');
      given(proxyOpened()).when(expire(late)).thenRefused('letter-not-mailed', {});
      given(proxyReturned()).when(expire(late)).thenRefused('letter-already-returned', {});
      given(history([open('pin-reset', 'self')]))
        .when(expire(late))
        .thenRefused('not-a-proxy-case', {});
    });
  });

  describe('RecordCardChecked', () => {
    it('records the tries left, with null for a card without a signing certificate', () => {
      given(history([open('pin-reset', 'self')]))
        .when(cardChecked({ ...NO_SIGNING, 'user-certificate': 0 }))
        .then([
          {
            type: 'CardChecked',
            data: { visit: 1, triesLeft: { ...NO_SIGNING, 'user-certificate': 0 }, at },
          },
        ]);
    });

    it('may read the card at a proxy’s first visit: reading uses no try', () => {
      given(proxyOpened())
        .when(cardChecked())
        .then([{ type: 'CardChecked', data: { visit: 1, triesLeft: FULL, at } }]);
    });

    it.each<[string, Record<string, unknown>]>([
      ['a missing PIN', { 'user-certificate': 3, 'signing-certificate': 5, 'resident-registry': 3 }],
      ['more tries than the card allows', { ...FULL, 'user-certificate': 4 }],
      ['a 4-digit PIN reported absent', { ...FULL, 'resident-registry': null }],
      ['a negative count', { ...FULL, 'card-info-input': -1 }],
      ['a fraction', { ...FULL, 'signing-certificate': 2.5 }],
    ])('refuses a reading with %s', (_label, triesLeft) => {
      given(history([open('pin-reset', 'self')]))
        .when(cardChecked(triesLeft as Record<string, number | null>))
        .thenRefused('invalid-command', { field: 'data.triesLeft' });
    });
  });

  describe('RecordPinsChanged', () => {
    it('records the kinds the card accepted, once each, in the card’s order', () => {
      given(history([open('pin-change', 'self'), cardChecked()]))
        .when(pinsChanged(['card-info-input', 'signing-certificate', 'user-certificate', 'card-info-input']))
        .then([
          {
            type: 'PinsChanged',
            data: { kinds: ['user-certificate', 'signing-certificate', 'card-info-input'], at },
          },
        ]);
    });

    it('refuses in a reset case', () => {
      given(history([open('pin-reset', 'self'), cardChecked()]))
        .when(pinsChanged())
        .thenRefused('wrong-procedure', { procedure: 'pin-reset' });
    });

    it('refuses at a proxy’s first visit', () => {
      given(history([cardChecked()], proxyMailed('pin-change')))
        .when(pinsChanged())
        .thenRefused('letter-not-returned', {});
    });

    it('refuses before the card was read', () => {
      given(history([open('pin-change', 'self')]))
        .when(pinsChanged())
        .thenRefused('card-not-checked', {});
    });

    it('refuses a signing PIN the card does not carry', () => {
      given(history([open('pin-change', 'self'), cardChecked(NO_SIGNING)]))
        .when(pinsChanged(['signing-certificate']))
        .thenRefused('pin-not-present', { kind: 'signing-certificate' });
    });

    it.each([[[]], [['pin']], ['user-certificate']])('refuses the kinds %j', (kinds) => {
      given(history([open('pin-change', 'self'), cardChecked()]))
        .when(command('RecordPinsChanged', { kinds } as unknown as DataOf<'RecordPinsChanged'>))
        .thenRefused('invalid-command', { field: 'data.kinds' });
    });
  });

  describe('RecordPinChangeFailed', () => {
    it('records the wrong old PIN and the tries it left', () => {
      given(history([open('pin-change', 'self'), cardChecked()]))
        .when(changeFailed('signing-certificate', 4))
        .then([{ type: 'PinChangeFailed', data: { kind: 'signing-certificate', triesLeft: 4, at } }]);
    });

    it('records the entry that locked the PIN', () => {
      given(history([open('pin-change', 'self'), cardChecked({ ...FULL, 'user-certificate': 1 })]))
        .when(changeFailed('user-certificate', 0))
        .then([{ type: 'PinChangeFailed', data: { kind: 'user-certificate', triesLeft: 0, at } }]);
    });

    it('refuses in a reset case, at a proxy’s first visit, before the card was read, for an absent PIN', () => {
      given(history([open('pin-reset', 'self'), cardChecked()]))
        .when(changeFailed())
        .thenRefused('wrong-procedure', { procedure: 'pin-reset' });
      given(history([cardChecked()], proxyOpened('pin-change')))
        .when(changeFailed())
        .thenRefused('letter-not-returned', {});
      given(history([open('pin-change', 'self')]))
        .when(changeFailed())
        .thenRefused('card-not-checked', {});
      given(history([open('pin-change', 'self'), cardChecked(NO_SIGNING)]))
        .when(changeFailed('signing-certificate', 4))
        .thenRefused('pin-not-present', { kind: 'signing-certificate' });
    });

    it.each<[string, unknown, unknown]>([
      ['data.kind', 'pin', 2],
      ['data.triesLeft', 'user-certificate', 3],
      ['data.triesLeft', 'signing-certificate', 5],
      ['data.triesLeft', 'user-certificate', '2'],
    ])('refuses a malformed %s (%j, %j)', (field, kind, triesLeft) => {
      given(history([open('pin-change', 'self'), cardChecked()]))
        .when(command('RecordPinChangeFailed', { kind, triesLeft } as DataOf<'RecordPinChangeFailed'>))
        .thenRefused('invalid-command', { field });
    });
  });

  describe('ContinueAsReset', () => {
    it('turns a failed change into a reset', () => {
      given(history([open('pin-change', 'self'), cardChecked(), changeFailed()]))
        .when(continueAsReset())
        .then([{ type: 'CaseContinuedAsReset', data: { from: 'pin-change', to: 'pin-reset', at } }]);
    });

    it('refuses while no change has failed', () => {
      given(history([open('pin-change', 'self'), cardChecked()]))
        .when(continueAsReset())
        .thenRefused('no-failed-change', {});
    });

    it('refuses a case that is already a reset', () => {
      given(history([open('pin-reset', 'self')]))
        .when(continueAsReset())
        .thenRefused('wrong-procedure', { procedure: 'pin-reset' });
    });
  });

  describe('RecordPinsReset', () => {
    it('records the PINs the clerk reset on the J-LIS terminal with the counters that confirm them', () => {
      given(
        history([
          open('pin-reset', 'self'),
          documents('applicant', [PASSPORT]),
          cardChecked({ ...FULL, 'signing-certificate': 0 }),
        ]),
      )
        .when(pinsReset(['signing-certificate']))
        .then([
          { type: 'PinsReset', data: { kinds: ['signing-certificate'], at } },
          { type: 'CountersConfirmed', data: { triesLeft: FULL, at } },
        ]);
    });

    it('is no reset while the counters are not back to full: the case keeps the PIN as not confirmed', () => {
      const locked = { ...FULL, 'user-certificate': 0 };
      const sofar = history([
        open('pin-reset', 'self'),
        documents('applicant', [PASSPORT]),
        cardChecked(locked),
      ]);
      given(sofar)
        .when(pinsReset(['user-certificate'], APPLIED, locked))
        .then([
          {
            type: 'PinResetNotConfirmed',
            data: { kinds: ['user-certificate'], notFull: ['user-certificate'], triesLeft: locked, at },
          },
        ]);
      const unconfirmed = history([pinsReset(['user-certificate'], APPLIED, locked)], sofar);
      expect(stateOf(unconfirmed)).toMatchObject({
        pinsReset: [],
        pinsResetNotConfirmed: ['user-certificate'],
      });
      given(unconfirmed)
        .when(complete())
        .thenRefused('counters-not-confirmed', { kinds: ['user-certificate'] });
      // Reset again on the terminal, read full this time: now it is a reset.
      const confirmed = history([pinsReset(['user-certificate'])], unconfirmed);
      expect(stateOf(confirmed)).toMatchObject({
        pinsReset: ['user-certificate'],
        pinsResetNotConfirmed: [],
      });
    });

    it('refuses before any identity document, in a change case, at a proxy’s first visit, before the card was read, for an absent PIN', () => {
      given(history([open('pin-reset', 'self'), cardChecked()]))
        .when(pinsReset())
        .thenRefused('identity-not-sufficient', { whose: ['applicant'] });
      given(history([open('pin-change', 'self'), cardChecked()]))
        .when(pinsReset())
        .thenRefused('wrong-procedure', { procedure: 'pin-change' });
      given(history([cardChecked()], proxyMailed()))
        .when(pinsReset())
        .thenRefused('letter-not-returned', {});
      given(history([open('pin-reset', 'self'), documents('applicant', [PASSPORT])]))
        .when(pinsReset())
        .thenRefused('card-not-checked', {});
      given(history([open('pin-reset', 'self'), documents('applicant', [PASSPORT]), cardChecked(NO_SIGNING)]))
        .when(pinsReset(['user-certificate', 'signing-certificate']))
        .thenRefused('pin-not-present', { kind: 'signing-certificate' });
    });

    it('refuses malformed kinds or counters', () => {
      const sofar = history([open('pin-reset', 'self'), documents('applicant', [PASSPORT]), cardChecked()]);
      given(sofar)
        .when(pinsReset(['user-certificate', 'PIN-1234']))
        .thenRefused('invalid-command', { field: 'data.kinds' });
      given(sofar)
        .when(pinsReset(FOUR_DIGIT, APPLIED, { ...FULL, 'user-certificate': 9 }))
        .thenRefused('invalid-command', { field: 'data.triesLeft' });
    });
  });

  describe('AcceptResetBySupervisor', () => {
    const locked = { ...FULL, 'user-certificate': 0 };
    const accept = (actor = SUPERVISOR, reason = '読み取り機の故障。J-LIS端末で初期化を確認') =>
      command(
        'AcceptResetBySupervisor',
        { kinds: ['user-certificate'], supervisorId: 'sv-1', reason },
        APPLIED,
        actor,
      );
    const unconfirmed = () =>
      history([
        open('pin-reset', 'self'),
        documents('applicant', [PASSPORT]),
        cardChecked(locked),
        pinsReset(['user-certificate'], APPLIED, locked),
      ]);

    it('lets a supervisor accept, with the reason, a reset the card did not confirm; then the case completes', () => {
      given(unconfirmed())
        .when(accept())
        .then([
          {
            type: 'ResetAcceptedBySupervisor',
            data: {
              kinds: ['user-certificate'],
              supervisorId: 'sv-1',
              reason: '読み取り機の故障。J-LIS端末で初期化を確認',
              at,
            },
          },
        ]);
      given(history([accept()], unconfirmed()))
        .when(complete())
        .then([
          {
            type: 'CaseCompleted',
            data: { procedure: 'pin-reset', visit: 1, identityByException: false, at },
          },
        ]);
    });

    it('refuses a clerk, an empty reason, and a case whose identity is not proven', () => {
      given(unconfirmed()).when(accept(CLERK)).thenRefused('supervisor-required', {});
      given(unconfirmed()).when(accept(SUPERVISOR, '  ')).thenRefused('reason-required');
      given(history([open('pin-reset', 'self')]))
        .when(accept())
        .thenRefused('identity-not-sufficient', { whose: ['applicant'] });
    });
  });

  describe('RecordNewPinVerified', () => {
    it('records the new PIN the resident verified on the card after the reset', () => {
      given(selfResetUnverified())
        .when(newPinVerified('user-certificate'))
        .then([{ type: 'NewPinVerified', data: { kind: 'user-certificate', at } }]);
    });

    it('refuses a PIN that was not reset, and a change case', () => {
      given(selfResetUnverified())
        .when(newPinVerified('signing-certificate'))
        .thenRefused('pin-not-reset', { kind: 'signing-certificate' });
      given(history([open('pin-change', 'self'), cardChecked(), pinsChanged()]))
        .when(newPinVerified('user-certificate'))
        .thenRefused('wrong-procedure', { procedure: 'pin-change' });
    });

    it('records a wrong new PIN as a failed verification, and the case still waits for a verified one', () => {
      const failed = command('RecordNewPinVerificationFailed', {
        kind: 'user-certificate',
        triesLeft: 2,
      });
      given(selfResetUnverified())
        .when(failed)
        .then([{ type: 'NewPinVerificationFailed', data: { kind: 'user-certificate', triesLeft: 2, at } }]);
      given(history([failed], selfResetUnverified()))
        .when(complete())
        .thenRefused('new-pin-not-verified', { kinds: [...FOUR_DIGIT] });
    });
  });

  describe('Complete', () => {
    it('completes a case while the counter is open', () => {
      given(selfResetDone())
        .when(complete())
        .then([
          {
            type: 'CaseCompleted',
            data: { procedure: 'pin-reset', visit: 1, identityByException: false, at },
          },
        ]);
    });

    it('refuses without the documents the table asks for', () => {
      given(history([open('pin-reset', 'self'), cardChecked()]))
        .when(complete())
        .thenRefused('identity-not-sufficient', { whose: ['applicant'] });
      // The latest documents replace earlier ones: a copy recorded last leaves the identity unproven.
      given(history([documents('applicant', [{ ...PASSPORT, original: false }])], selfResetDone()))
        .when(complete())
        .thenRefused('identity-not-sufficient', { whose: ['applicant'] });
    });

    it('accepts a supervisor’s exception in place of the documents, and says so', () => {
      given(history([open('pin-reset', 'self'), exception(), cardChecked(), pinsReset(), ...verifiedAll()]))
        .when(complete())
        .then([
          {
            type: 'CaseCompleted',
            data: { procedure: 'pin-reset', visit: 1, identityByException: true, at },
          },
        ]);
    });

    it('refuses a proxy case before the letter came back', () => {
      given(proxyOpened()).when(complete()).thenRefused('letter-not-returned', {});
      given(proxyMailed()).when(complete()).thenRefused('letter-not-returned', {});
    });

    it('refuses while no PIN was changed or reset', () => {
      given(history([open('pin-change', 'self'), cardChecked()]))
        .when(complete())
        .thenRefused('no-card-operation', {});
    });

    it.each([
      ['after 17:15 on a weekday', '2026-12-01T17:15:00+09:00', '2026-12-01'],
      ['on a Saturday afternoon', '2026-12-05T12:30:00+09:00', '2026-12-05'],
      ['on a Sunday', '2026-12-06T10:00:00+09:00', '2026-12-06'],
      ['before 08:30', '2026-12-02T08:29:00+09:00', '2026-12-02'],
    ])('refuses %s', (_label, instant, date) => {
      given(selfResetDone())
        .when(complete(new Date(instant)))
        .thenRefused('office-closed', { date });
    });

    it('uses the office calendar from the settings', () => {
      const closedForMaintenance: CaseSettings = {
        ...DEFAULT_CASE_SETTINGS,
        calendar: {
          ...DEFAULT_CASE_SETTINGS.calendar,
          closedDays: [{ date: '2026-12-01', reason: 'J-LIS maintenance' }],
        },
      };
      given(selfResetDone())
        .when(complete(), closedForMaintenance)
        .thenRefused('office-closed', { date: '2026-12-01' });
    });
  });

  describe('Abandon', () => {
    it.each(['applicant-left', 'not-eligible', 'identity-insufficient', 'card-problem', 'other'] as const)(
      'abandons with the reason %s',
      (reason) => {
        given(history([open('pin-reset', 'self')]))
          .when(abandon(reason))
          .then([{ type: 'CaseAbandoned', data: { reason, at } }]);
      },
    );

    it('refuses a reason outside the list', () => {
      given(history([open('pin-reset', 'self')]))
        .when(abandon('bored'))
        .thenRefused('invalid-command', { field: 'data.reason' });
    });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('Case flows', () => {
  function finalState(events: CaseEvent[]): CaseState {
    return stateOf(events);
  }

  it('self reset: documents, card read, J-LIS reset, counters full again, new PIN verified, completed', () => {
    const events = history([
      open('pin-reset', 'self'),
      cardChecked({ ...FULL, 'user-certificate': 0 }),
      documents('applicant', [{ code: 'drivers-license', original: true, expiresOn: '2028-03-01' }]),
      pinsReset(['user-certificate']),
      newPinVerified('user-certificate'),
      complete(new Date('2026-12-01T10:20:00+09:00')),
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'CaseOpened',
      'CardChecked',
      'IdentityDocumentsRecorded',
      'PinsReset',
      'CountersConfirmed',
      'NewPinVerified',
      'CaseCompleted',
    ]);
    expect(finalState(events)).toMatchObject({
      status: 'closed',
      outcome: 'completed',
      pinsReset: ['user-certificate'],
      newPinsVerified: ['user-certificate'],
    });
  });

  it('self change: the card and the current PIN, nothing else', () => {
    const events = history([open('pin-change', 'self'), cardChecked(), pinsChanged(), complete()]);
    expect(events.at(-1)).toEqual({
      type: 'CaseCompleted',
      data: { procedure: 'pin-change', visit: 1, identityByException: false, at },
    });
  });

  it('a change that fails accepts no further change: it continues as a reset and needs the reset documents', () => {
    const failed = history([open('pin-change', 'self'), cardChecked(), changeFailed('user-certificate', 2)]);
    given(failed).when(complete()).thenRefused('change-failed', {});
    given(failed).when(pinsChanged()).thenRefused('change-failed', {});
    given(failed).when(changeFailed('user-certificate', 1)).thenRefused('change-failed', {});

    const sofar = history([continueAsReset()], failed);
    expect(stateOf(sofar)).toMatchObject({ procedure: 'pin-reset', pinChangeFailed: true });
    given(sofar).when(pinsChanged()).thenRefused('wrong-procedure', { procedure: 'pin-reset' });
    given(sofar).when(continueAsReset()).thenRefused('wrong-procedure', { procedure: 'pin-reset' });
    // The reset asks for one more identity document, which the change did not.
    given(sofar)
      .when(pinsReset(['user-certificate']))
      .thenRefused('identity-not-sufficient', { whose: ['applicant'] });

    const done = history(
      [
        documents('applicant', [HEALTH_CARD]),
        pinsReset(['user-certificate']),
        newPinVerified('user-certificate'),
        complete(),
      ],
      sofar,
    );
    expect(done.at(-1)).toMatchObject({ type: 'CaseCompleted', data: { procedure: 'pin-reset' } });
  });

  it('a change that fails after some PINs were changed still needs a reset to complete as one', () => {
    const events = history([
      open('pin-change', 'self'),
      cardChecked(),
      pinsChanged(FOUR_DIGIT),
      changeFailed('signing-certificate', 3),
      continueAsReset(),
      documents('applicant', [PASSPORT]),
    ]);
    given(events).when(complete()).thenRefused('no-card-operation', {});
    given(events)
      .when(pinsReset(['signing-certificate']))
      .then([
        { type: 'PinsReset', data: { kinds: ['signing-certificate'], at } },
        { type: 'CountersConfirmed', data: { triesLeft: FULL, at } },
      ]);
  });

  it('a supervisor exception made for the change does not carry over to the reset', () => {
    const events = history([
      open('pin-change', 'legal-representative', CHILD),
      exception(),
      representationProof({ exemption: 'same-household' }),
      cardChecked(),
      changeFailed(),
      continueAsReset(),
    ]);
    given(events)
      .when(pinsReset())
      .thenRefused('identity-not-sufficient', { whose: ['applicant', 'holder'] });
    given(events)
      .when(complete())
      .thenRefused('identity-not-sufficient', { whose: ['applicant', 'holder'] });
  });

  describe('legal representative', () => {
    it('resets the PINs of a holder under 15 with both people’s documents and the proof of representation', () => {
      const opened = history([
        open('pin-reset', 'legal-representative', CHILD),
        documents('applicant', [PASSPORT]),
      ]);
      given(opened)
        .when(complete())
        .thenRefused('identity-not-sufficient', { whose: ['holder'] });

      const documented = history(
        [documents('holder', [{ code: 'health-insurance-card', original: true }]), cardChecked(NO_SIGNING)],
        opened,
      );
      // Both people are identified, but nothing yet proves the one represents the other.
      given(documented).when(pinsReset()).thenRefused('representation-not-proven', {});
      given(documented).when(complete()).thenRefused('representation-not-proven', {});
      const copy = history(
        [representationProof({ document: 'family-register-certificate', original: false })],
        documented,
      );
      given(copy).when(pinsReset()).thenRefused('representation-not-proven', {});

      const sofar = history(
        [representationProof({ document: 'family-register-certificate', original: true })],
        copy,
      );
      // A child's card carries no signing certificate.
      given(sofar)
        .when(pinsReset(['user-certificate', 'signing-certificate']))
        .thenRefused('pin-not-present', { kind: 'signing-certificate' });

      const done = history([pinsReset(), ...verifiedAll(), complete()], sofar);
      expect(stateOf(done)).toMatchObject({ status: 'closed', outcome: 'completed' });
    });

    it('changes the PINs of an adult ward with the representative’s documents and the guardianship certificate', () => {
      const ward = { registeredResident: true, under15: false, adultWard: true };
      const identified = history([
        open('pin-change', 'legal-representative', ward),
        documents('applicant', [HEALTH_CARD, PENSION]),
        cardChecked(NO_SIGNING),
      ]);
      given(identified).when(pinsChanged()).thenRefused('representation-not-proven', {});
      // 戸籍謄本 proves a parent, not a guardian.
      const wrong = history(
        [representationProof({ document: 'family-register-certificate', original: true })],
        identified,
      );
      expect(wrong.at(-1)).toMatchObject({
        type: 'RepresentationProofRecorded',
        data: { sufficient: false, rejection: 'wrong-certificate' },
      });
      const events = history(
        [
          representationProof({ document: 'guardianship-registration-certificate', original: true }),
          pinsChanged(),
          complete(),
        ],
        wrong,
      );
      expect(events.at(-1)?.type).toBe('CaseCompleted');
    });

    it('is refused for an adult holder who is not a ward', () => {
      given()
        .when(open('pin-change', 'legal-representative', RESIDENT))
        .thenRefused('not-eligible', { reasons: ['legal-representative-needs-minor-or-ward'] });
    });
  });

  describe('proxy (two visits)', () => {
    it('applies, mails the letter, and completes at the second visit with the proxy’s documents again', () => {
      const visit1 = history([
        open('pin-reset', 'proxy'),
        documents('applicant', [PASSPORT]),
        cardChecked(),
        mail(),
      ]);
      expect(visit1.at(-1)).toEqual({
        type: 'InquiryLetterMailed',
        data: { reference: REFERENCE, mailedOn: '2026-12-01', deadline: '2027-01-04', at },
      });

      const sofar = history([returned(VISIT_2)], visit1);
      expect(stateOf(sofar)).toMatchObject({ status: 'open', visit: 2, card: undefined });
      expect(stateOf(sofar)).toHaveProperty('identity', {});
      // The proxy's documents again first, then the card is read again: a PIN may have been locked since.
      given(sofar)
        .when(pinsReset())
        .thenRefused('identity-not-sufficient', { whose: ['applicant'] });
      const identified = history([documents('applicant', [HEALTH_CARD, PENSION], VISIT_2)], sofar);
      given(identified).when(pinsReset()).thenRefused('card-not-checked', {});

      // The holder is not at the counter: the new PIN came sealed in the letter, nobody verifies it here.
      const done = history(
        [cardChecked(FULL, VISIT_2), pinsReset(FOUR_DIGIT, VISIT_2), complete(VISIT_2)],
        identified,
      );
      expect(done.at(-1)).toEqual({
        type: 'CaseCompleted',
        data: { procedure: 'pin-reset', visit: 2, identityByException: false, at: VISIT_2.toISOString() },
      });
    });

    it('changes the PINs written on the letter at the second visit', () => {
      const events = history(
        [
          documents('applicant', [PASSPORT], VISIT_2),
          cardChecked(FULL, VISIT_2),
          pinsChanged(FOUR_DIGIT, VISIT_2),
          complete(VISIT_2),
        ],
        proxyReturned('pin-change'),
      );
      expect(events.at(-1)?.type).toBe('CaseCompleted');
    });

    it('keeps a deadline on an open day as it is (application 2026-06-01 → 2026-07-01)', () => {
      const june = new Date('2026-06-01T10:00:00+09:00');
      const visit1 = history([
        open('pin-change', 'proxy', RESIDENT, june),
        documents('applicant', [PASSPORT], june),
        mail(june),
      ]);
      given(visit1)
        .when(returned(new Date('2026-07-02T09:00:00+09:00')))
        .thenRefused('letter-deadline-passed', { deadline: '2026-07-01' });
      given(visit1)
        .when(returned(new Date('2026-07-01T16:00:00+09:00')))
        .then([
          {
            type: 'InquiryLetterReturned',
            data: {
              returnedOn: '2026-07-01',
              deadline: '2026-07-01',
              visit: 2,
              at: new Date('2026-07-01T16:00:00+09:00').toISOString(),
            },
          },
        ]);
    });

    it('refuses the letter brought back late, then lets the case expire', () => {
      const late = new Date('2027-01-05T09:00:00+09:00');
      given(proxyMailed())
        .when(returned(late))
        .thenRefused('letter-deadline-passed', { deadline: '2027-01-04' });
      const expired = history([expire(late)], proxyMailed());
      expect(stateOf(expired)).toMatchObject({ status: 'closed', outcome: 'expired' });
      given(expired).when(returned(late)).thenRefused('case-closed', { outcome: 'expired' });
    });
  });

  it('refuses a holder not registered in the city before anything else happens', () => {
    given()
      .when(open('pin-change', 'proxy', { registeredResident: false, under15: false, adultWard: false }))
      .thenRefused('not-eligible', { reasons: ['not-a-resident'] });
  });

  it('ignores events for a case that is not open (a stream is read only up to its closing event)', () => {
    const completed = history([complete()], selfResetDone());
    const before = stateOf(completed);
    expect(evolveCase(before, { type: 'CaseAbandoned', data: { reason: 'other', at } })).toBe(before);
    expect(evolveCase(initialCaseState(), { type: 'CaseAbandoned', data: { reason: 'other', at } })).toEqual(
      initialCaseState(),
    );
  });
});

describe('Procedure rules the counter cannot bend (domain.md §2, §3)', () => {
  it('a proxy case never completes on its application day, even from a stream written before that rule', () => {
    // A v1 stream could hold a letter returned on the day it was mailed.
    const oldStream: CaseEvent[] = [
      ...proxyMailed(),
      {
        type: 'InquiryLetterReturned',
        data: { returnedOn: '2026-12-01', deadline: '2027-01-04', visit: 2, at },
      },
    ];
    const later = new Date('2026-12-01T15:00:00+09:00');
    const sofar = history(
      [documents('applicant', [PASSPORT], later), cardChecked(FULL, later), pinsReset(FOUR_DIGIT, later)],
      oldStream,
    );
    given(sofar).when(complete(later)).thenRefused('proxy-same-day', { appliedOn: '2026-12-01' });
  });

  describe('the holder’s own card is the card being handled, not an identity document for it', () => {
    const myNumberCard: PresentedDocument = {
      code: 'my-number-card',
      original: true,
      expiresOn: '2030-01-01',
    };

    it('for a reset in person: the card alone is not sufficient, and the verdict says why', () => {
      given(history([open('pin-reset', 'self')]))
        .when(documents('applicant', [myNumberCard]))
        .then([
          {
            type: 'IdentityDocumentsRecorded',
            data: {
              visit: 1,
              whose: 'applicant',
              documents: [{ code: 'my-number-card', original: true, expiresOn: '2030-01-01' }],
              rule: 'A1_OR_B1',
              verdict: {
                sufficient: false,
                counted: [],
                rejected: [{ code: 'my-number-card', reason: 'holder-card' }],
              },
              at,
            },
          },
        ]);
      const withLicence = history([
        open('pin-reset', 'self'),
        documents('applicant', [myNumberCard, { code: 'drivers-license', original: true }]),
      ]);
      expect(stateOf(withLicence)).toMatchObject({ identity: { applicant: { sufficient: true } } });
    });

    it('for a legal representative: the representative’s own card counts, the holder’s does not', () => {
      const opened = history([open('pin-reset', 'legal-representative', CHILD)]);
      const representative = history([documents('applicant', [myNumberCard])], opened);
      expect(stateOf(representative)).toMatchObject({ identity: { applicant: { sufficient: true } } });
      const holder = history([documents('holder', [myNumberCard])], representative);
      expect(holder.at(-1)).toMatchObject({
        type: 'IdentityDocumentsRecorded',
        data: {
          whose: 'holder',
          verdict: {
            sufficient: false,
            counted: [],
            rejected: [{ code: 'my-number-card', reason: 'holder-card' }],
          },
        },
      });
    });
  });

  describe('proof of legal representation', () => {
    it('is asked of a legal representative only', () => {
      given(history([open('pin-reset', 'self')]))
        .when(representationProof({ exemption: 'same-household' }))
        .thenRefused('no-representation-proof-needed', {});
      given(proxyOpened())
        .when(representationProof({ exemption: 'same-household' }))
        .thenRefused('no-representation-proof-needed', {});
    });

    it('records a certificate or an exemption as codes, and refuses anything else', () => {
      const opened = history([open('pin-change', 'legal-representative', CHILD)]);
      given(opened)
        .when(representationProof({ exemption: 'registered-domicile-in-city' }))
        .then([
          {
            type: 'RepresentationProofRecorded',
            data: { proof: { exemption: 'registered-domicile-in-city' }, sufficient: true, at },
          },
        ]);
      given(opened)
        .when(
          representationProof({ document: 'family-register-certificate', original: true, name: '厚木 太郎' }),
        )
        .then([
          {
            type: 'RepresentationProofRecorded',
            data: {
              proof: { document: 'family-register-certificate', original: true },
              sufficient: true,
              at,
            },
          },
        ]);
      given(opened)
        .when(representationProof({ exemption: 'neighbour-vouches' }))
        .thenRefused('invalid-command', { field: 'data.proof' });
    });

    it('follows the office’s table: a certificate issued within 3 months where the city asks for it', () => {
      const settings: CaseSettings = {
        ...DEFAULT_CASE_SETTINGS,
        requirements: buildRequirementsTable({ proofIssuedWithinMonths: 3 }),
      };
      const opened = history([open('pin-change', 'legal-representative', CHILD)], [], settings);
      const old = {
        document: 'family-register-certificate',
        original: true,
        issuedOn: '2026-08-01',
      } as const;
      given(opened)
        .when(representationProof(old), settings)
        .then([
          {
            type: 'RepresentationProofRecorded',
            data: { proof: old, sufficient: false, rejection: 'issued-too-long-ago', at },
          },
        ]);
    });
  });

  describe('permitCardStep: the case decides before anything reaches the card', () => {
    it('permits reading the counters on any open case, and nothing on a closed one', () => {
      expect(permitCardStep(stateOf(history([open('pin-reset', 'self')])), { step: 'check' })).toEqual({
        ok: true,
      });
      const closed = history([abandon('applicant-left')], history([open('pin-reset', 'self')]));
      expect(permitCardStep(stateOf(closed), { step: 'check' })).toEqual({
        ok: false,
        refusal: { code: 'case-closed', outcome: 'abandoned' },
      });
      expect(permitCardStep(initialCaseState(), { step: 'check' })).toEqual({
        ok: false,
        refusal: { code: 'case-not-open' },
      });
    });

    it('refuses a change before the card was read, and any change after a failed one', () => {
      const opened = stateOf(history([open('pin-change', 'self')]));
      expect(permitCardStep(opened, { step: 'change', kinds: FOUR_DIGIT })).toEqual({
        ok: false,
        refusal: { code: 'card-not-checked' },
      });
      const failed = stateOf(history([open('pin-change', 'self'), cardChecked(), changeFailed()]));
      expect(permitCardStep(failed, { step: 'change', kinds: FOUR_DIGIT })).toEqual({
        ok: false,
        refusal: { code: 'change-failed' },
      });
    });

    it('refuses a reset before identity, and a new-PIN verification before the reset', () => {
      const opened = stateOf(history([open('pin-reset', 'self'), cardChecked()]));
      expect(permitCardStep(opened, { step: 'reset', kinds: FOUR_DIGIT })).toEqual({
        ok: false,
        refusal: { code: 'identity-not-sufficient', whose: ['applicant'] },
      });
      expect(permitCardStep(opened, { step: 'verify-new-pin', kinds: ['user-certificate'] })).toEqual({
        ok: false,
        refusal: { code: 'pin-not-reset', kind: 'user-certificate' },
      });
      expect(
        permitCardStep(stateOf(selfResetUnverified()), { step: 'verify-new-pin', kinds: FOUR_DIGIT }),
      ).toEqual({
        ok: true,
      });
    });
  });
});
