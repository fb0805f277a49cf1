import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATSUGI_CALENDAR, type DomainEventType } from '@madoguchi/domain';
import { ConfigError } from '@madoguchi/platform';
import { auditedEvent } from '../../test-support/audited-events';
import { complianceReport, type LoggedEvent } from './compliance-report';
import { loadOfficeCalendars } from './office-calendars';

/** 2026-12-01 is a Tuesday: open 08:30–17:15 in Tokyo by the default calendar; 10:00 in Tokyo is 01:00Z. */
const TUESDAY_MORNING = '2026-12-01T01:00:00.000Z';
const QUEUE_OFFICES = 'apps/queue/config/offices';

const atsugiFile = JSON.parse(readFileSync(join(QUEUE_OFFICES, 'atsugi.json'), 'utf8')) as {
  calendar: Record<string, unknown>;
};

let sequence = 0;
function logged(type: DomainEventType, caseId: string, data: Record<string, unknown>): LoggedEvent {
  return {
    sequence: sequence++,
    event: auditedEvent(
      type,
      { caseId, at: TUESDAY_MORNING, ...data },
      {
        streamId: `case:${caseId}`,
        metadata: { actor: { kind: 'clerk', id: 'c1' }, correlationId: 'x', occurredAt: TUESDAY_MORNING },
      },
    ),
  };
}

/** A case opened at an office, with a card operation on Tuesday morning. */
function caseAt(office: string, caseId: string): LoggedEvent[] {
  return [
    logged('CaseOpened', caseId, { officeId: office, procedure: 'pin-change', applicant: 'self' }),
    logged('CardChecked', caseId, {}),
  ];
}

describe("office calendars: each office's operations judged by its own calendar", () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'audit-offices-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const writeOffice = (name: string, content: unknown) =>
    writeFileSync(join(directory, name), typeof content === 'string' ? content : JSON.stringify(content));

  it("reads the queue's own office files, whose calendar is the default one for Atsugi", () => {
    const calendars = loadOfficeCalendars(QUEUE_OFFICES);
    expect(calendars.offices).toContain('atsugi');
    expect(calendars.calendarOf('atsugi')).toEqual({ calendar: ATSUGI_CALENDAR, configured: true });
  });

  it("makes an operation on an office's configured closed day a violation for that office only", () => {
    writeOffice('atsugi.json', { id: 'atsugi', calendar: atsugiFile.calendar });
    writeOffice('ebina.json', {
      id: 'ebina',
      name: 'the rest of the file is the queue’s to check',
      calendar: {
        ...atsugiFile.calendar,
        closedDays: [{ date: '2026-12-01', reason: 'system maintenance' }],
      },
    });
    const calendars = loadOfficeCalendars(directory);
    const atsugi = caseAt('atsugi', 'at-atsugi');
    const ebina = caseAt('ebina', 'at-ebina');
    const cardAtEbina = logged('PinVerified', 'at-ebina', {});

    const report = complianceReport(
      { from: '2026-12-01', to: '2026-12-01' },
      { caseEvents: [...atsugi, ...ebina], cardEvents: [cardAtEbina], officeDayEvents: [] },
      calendars,
    );
    expect(report.violations.filter((violation) => violation.rule === 'operation-while-closed')).toEqual([
      {
        rule: 'operation-while-closed',
        caseId: 'at-ebina',
        message: `CardChecked at ${TUESDAY_MORNING}, when the office ebina was closed`,
        entries: [ebina[1]!.sequence],
      },
      {
        rule: 'operation-while-closed',
        caseId: 'at-ebina',
        message: `PinVerified at ${TUESDAY_MORNING}, when the office ebina was closed`,
        entries: [cardAtEbina.sequence],
      },
    ]);
    expect(report.calendars).toEqual([
      { office: 'atsugi', calendar: 'office' },
      { office: 'ebina', calendar: 'office' },
    ]);

    // Per office: the same day at Atsugi is an ordinary open morning.
    const atAtsugi = complianceReport(
      { from: '2026-12-01', to: '2026-12-01', office: 'atsugi' },
      { caseEvents: atsugi, cardEvents: [], officeDayEvents: [] },
      calendars,
    );
    expect(atAtsugi.violations).toEqual([]);
  });

  it('falls back to the default calendar for an office not configured, and says so', () => {
    writeOffice('ebina.json', {
      id: 'ebina',
      calendar: {
        ...atsugiFile.calendar,
        closedDays: [{ date: '2026-12-01', reason: 'system maintenance' }],
      },
    });
    const report = complianceReport(
      { from: '2026-12-01', to: '2026-12-01', office: 'zama' },
      { caseEvents: caseAt('zama', 'at-zama'), cardEvents: [], officeDayEvents: [] },
      loadOfficeCalendars(directory),
    );
    expect(report.violations).toEqual([]);
    expect(report.calendars).toEqual([
      {
        office: 'zama',
        calendar: 'default',
        note: 'office zama is not in the office configuration (OFFICE_CONFIG_DIR): judged by the default Atsugi calendar',
      },
    ]);
  });

  it('stops the boot on a bad office file, naming the file and the field', () => {
    writeOffice('a.json', { id: 'a', calendar: { ...atsugiFile.calendar, yearEndHolidays: 'yes' } });
    writeOffice('b.json', '{ not json');
    writeOffice('c.json', { calendar: atsugiFile.calendar });
    writeOffice('d.json', { id: 'd', calendar: atsugiFile.calendar });
    writeOffice('e.json', { id: 'd', calendar: atsugiFile.calendar });
    let error: unknown;
    try {
      loadOfficeCalendars(directory);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = String((error as Error).message);
    expect(text).toContain('a.json: calendar: yearEndHolidays must be true or false');
    expect(text).toContain('b.json: is not valid JSON');
    expect(text).toContain('c.json: id: must be the office id');
    expect(text).toContain('e.json: id repeats the id of another office file');
    expect(() => loadOfficeCalendars(join(directory, 'missing'))).toThrow(/OFFICE_CONFIG_DIR: cannot read/);
  });
});
