import { Client } from 'pg';
import type { DomainEventType } from '@madoguchi/domain';
import { http } from '../support/http';
import { AuditHarness } from '../support/audit-harness';
import { auditedEvent } from '../../apps/audit/test-support/audited-events';
import type { AuditedEvent } from '../../apps/audit/src/log/audit-entry';
import type { CheckpointedReport } from '../../apps/audit/src/reports/compliance-report.service';
import { CheckpointSigner } from '../../apps/audit/src/checkpoints/checkpoint-signer';
import { openCheckpoint } from '../../apps/audit/src/merkle';

const DAY = '2026-12-01';
const SUPERVISOR_REASON = 'Holder known in person to supervisor Tanaka since 2019';

/** One case, as the queue records it: its own stream, its office and instants on the command. */
function caseEvents(
  caseId: string,
  opened: { procedure: 'pin-reset' | 'pin-change'; applicant: 'self' | 'proxy' | 'legal-representative' },
  ...rest: [DomainEventType, Record<string, unknown>][]
): AuditedEvent[] {
  const streamId = `case:${caseId}`;
  const at = '2026-12-01T01:00:00.000Z';
  return [
    auditedEvent(
      'CaseOpened',
      { caseId, officeId: 'atsugi', ...opened, holder: {}, appliedOn: DAY, at },
      { streamId },
    ),
    ...rest.map(([type, data], n) => auditedEvent(type, { at, ...data }, { streamId, streamVersion: n + 2 })),
  ];
}

const FULL_COUNTERS = {
  'user-certificate': 3,
  'signing-certificate': 5,
  'resident-registry': 3,
  'card-info-input': 3,
};

describe('compliance reports over the audit log (real NATS and PostgreSQL)', () => {
  let audit: AuditHarness;
  let lastSequence = 0;

  beforeAll(async () => {
    audit = await AuditHarness.create();
    await audit.start();
    const day = `office-day:atsugi:${DAY}`;
    const events = [
      auditedEvent(
        'TicketIssued',
        { ticketNumber: 'R001', issuedAt: '2026-12-01T00:00:00.000Z' },
        { streamId: day },
      ),
      auditedEvent(
        'TicketCalled',
        { ticketNumber: 'R001', calledAt: '2026-12-01T00:10:00.000Z' },
        { streamId: day },
      ),
      auditedEvent('ServiceFinished', { ticketNumber: 'R001', serviceSeconds: 720 }, { streamId: day }),
      ...caseEvents(
        'c-good',
        { procedure: 'pin-reset', applicant: 'self' },
        ['IdentityDocumentsRecorded', { visit: 1, verdict: { sufficient: true, counted: [], rejected: [] } }],
        ['PinsReset', { kinds: ['user-certificate'] }],
        ['CountersConfirmed', { triesLeft: FULL_COUNTERS }],
        ['CaseCompleted', { procedure: 'pin-reset', visit: 1, identityByException: false }],
      ),
      // A reset needs an identity document (a change in person does not: the old PIN is the proof).
      ...caseEvents('c-no-documents', { procedure: 'pin-reset', applicant: 'self' }, [
        'CaseCompleted',
        { procedure: 'pin-reset', visit: 1, identityByException: false },
      ]),
      ...caseEvents(
        'c-exception',
        { procedure: 'pin-reset', applicant: 'self' },
        [
          'IdentityExceptionRecorded',
          { visit: 1, procedure: 'pin-reset', supervisorId: 'sv-1', reason: SUPERVISOR_REASON },
        ],
        ['PinsReset', { kinds: ['user-certificate'] }],
        ['CountersConfirmed', { triesLeft: FULL_COUNTERS }],
        ['CaseCompleted', { procedure: 'pin-reset', visit: 1, identityByException: true }],
      ),
      auditedEvent(
        'PinLocked',
        { readerId: 'r1', caseId: 'c-good', kind: 'user-authentication' },
        { streamId: 'reader:r1' },
      ),
      // Another office's case, on the same day.
      ...caseEvents('c-elsewhere', { procedure: 'pin-reset', applicant: 'proxy' }).map((event) => ({
        ...event,
        data: { ...event.data, officeId: 'ebina' },
      })),
    ];
    for (const event of events) lastSequence = await audit.publish(event);
    await audit.waitForSettled(lastSequence);
    await audit.waitForCheckpoint(events.length);
  });

  afterAll(() => audit?.destroy());

  const get = (path: string, authorization = audit.bearer('auditor')) =>
    http(audit.app!).get(path).set('Authorization', authorization);

  it('reports an office day: counts, times, and the case completed without identity documents as a violation', async () => {
    const response = await get(`/reports/compliance?from=${DAY}&to=${DAY}&office=atsugi`).expect(200);
    const report = response.body as CheckpointedReport;
    expect(report.cases).toEqual({
      opened: 3,
      byProcedure: { 'pin-reset': 3, 'pin-change': 0 },
      byApplicant: { self: 3, 'legal-representative': 0, proxy: 0 },
      byOutcome: { completed: 3, abandoned: 0, open: 0 },
    });
    expect(report.card).toEqual({ pinLocks: 1, failedVerifications: 0 });
    expect(report.times.waitSeconds).toEqual({ count: 1, p50: 600, p90: 600, p99: 600 });
    expect(report.times.serviceSeconds).toEqual({ count: 1, p50: 720, p90: 720, p99: 720 });
    // c-no-documents also completed a reset whose counters were never read full: both are flagged.
    expect(report.violations.map((violation) => [violation.rule, violation.caseId])).toEqual([
      ['reset-not-confirmed', 'c-no-documents'],
      ['identity-not-assessed', 'c-no-documents'],
      ['supervisor-exception', 'c-exception'],
    ]);

    // It names the checkpoint it was computed at; every entry it cites is under it, and has a proof.
    const signer = CheckpointSigner.fromConfiguration(audit.config.AUDIT_LOG_ORIGIN, undefined);
    const head = openCheckpoint(report.checkpoint.checkpoint, signer.verifier, signer.origin);
    expect(head.treeSize).toBe(report.checkpoint.treeSize);
    for (const violation of report.violations) {
      for (const sequence of violation.entries) {
        expect(sequence).toBeLessThan(head.treeSize);
        const entry = await get(`/log/entries/${sequence}`).expect(200);
        expect((entry.body as { inclusion: unknown }).inclusion).not.toBeNull();
      }
    }
  });

  it('covers every office when none is named', async () => {
    const report = (await get(`/reports/compliance?from=${DAY}&to=${DAY}`).expect(200))
      .body as CheckpointedReport;
    expect(report.cases.opened).toBe(4);
    expect(report.cases.byApplicant.proxy).toBe(1);
  });

  it('gives the same report as CSV', async () => {
    const response = await get(`/reports/compliance?from=${DAY}&to=${DAY}&office=atsugi&format=csv`).expect(
      200,
    );
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain(`compliance-atsugi-${DAY}-${DAY}.csv`);
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe('section,key,value,case_id,entries,message');
    expect(lines).toContain('cases,opened,3,,,');
    expect(lines.find((line) => line.startsWith('violation,identity-not-assessed,,c-no-documents,'))).toMatch(
      /completed without a sufficient identity assessment on visit 1$/,
    );
  });

  it.each([
    ['from=2026-13-01&to=2026-12-01', 'from: must be a calendar day written YYYY-MM-DD'],
    ['from=2026-12-02&to=2026-12-01', 'to: must not be before from'],
    ['from=2025-01-01&to=2026-12-01', 'to: must be at most 366 days after from'],
    ['from=2026-12-01', 'to: '],
    ['from=2026-12-01&to=2026-12-01&office=../etc', 'office: must be an office id'],
    ['from=2026-12-01&to=2026-12-01&format=pdf', 'format: '],
    ['from=2026-12-01&to=2026-12-01&sort=asc', 'Unrecognized key'],
  ])('answers ?%s with a 400 naming the field', async (query, message) => {
    const response = await get(`/reports/compliance?${query}`).expect(400);
    expect((response.body as { message: string }).message).toContain(message);
  });

  it('is for auditors only', async () => {
    await http(audit.app!).get(`/reports/compliance?from=${DAY}&to=${DAY}`).expect(401);
    await get(`/reports/compliance?from=${DAY}&to=${DAY}`, audit.bearer('supervisor')).expect(403);
  });

  it('keeps personal free text out of the log tables and the reports, and holds no PIN or My Number', async () => {
    const db = new Client({ connectionString: audit.config.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query<{ text: string }>(
        `SELECT string_agg(t::text, E'\\n') AS text FROM (
           SELECT e::text AS t FROM audit_entries e UNION ALL SELECT n::text FROM audit_tree_nodes n
           UNION ALL SELECT c::text FROM audit_checkpoints c) rows`,
      );
      const logText = rows[0]!.text;
      const reports = [
        (await get(`/reports/compliance?from=${DAY}&to=${DAY}`).expect(200)).text,
        (await get(`/reports/compliance?from=${DAY}&to=${DAY}&format=csv`).expect(200)).text,
      ];
      for (const text of [logText, ...reports]) {
        expect(text).not.toContain('Tanaka');
        // Nothing shaped like a My Number (12 digits) or a field meant for a PIN or one.
        // Hashes (bytea hex, \x…) and event ids (a UUID's last group is 12 hex digits, all of them digits
        // once in ~280 ids) may hold 12 digits in a row by chance: they are cut out first.
        const withoutRandom = text
          .replace(/\\+x[0-9a-f]+/gi, '<hash>')
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>');
        expect(withoutRandom).not.toMatch(/(?<![0-9a-f])\d{12}(?![0-9a-f])/i);
        expect(text).not.toMatch(/"(pin|newPin|oldPin|myNumber|individualNumber)"\s*:/i);
      }
      const { rows: personal } = await db.query<{ value: string }>(`SELECT value FROM audit_personal_fields`);
      expect(personal).toEqual([{ value: SUPERVISOR_REASON }]);
    } finally {
      await db.end();
    }
  });
});
