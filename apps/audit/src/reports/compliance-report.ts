import {
  APPLICANT_TYPES,
  DEFAULT_REQUIREMENTS,
  identityRuleFor,
  isApplicantType,
  isProcedure,
  type ApplicantType,
  type CalendarDate,
  isOpenAt,
  PIN_RETRY_LIMITS,
  type PinKind,
  type Procedure,
  PROCEDURES,
  tokyoDateOf,
} from '@madoguchi/domain';
import type { AuditedEvent } from '../log/audit-entry';
import { OfficeCalendars } from './office-calendars';

/** An event as the log holds it: its entry's sequence, so every figure can be traced to entries with proofs. */
export interface LoggedEvent {
  sequence: number;
  event: AuditedEvent;
}

export interface ComplianceQuery {
  /** Asia/Tokyo days, both included. */
  from: CalendarDate;
  to: CalendarDate;
  office?: string;
}

export type ComplianceRule =
  | 'identity-not-assessed'
  | 'proxy-letter-not-returned'
  | 'proxy-letter-late'
  | 'operation-while-closed'
  | 'supervisor-exception'
  /** A reset completed while the card's counters never read full again (and no supervisor accepted it). */
  | 'reset-not-confirmed'
  /** The PINs were reset before the identity documents of that visit were found sufficient. */
  | 'reset-before-identity'
  /** A proxy case completed on the day it was applied for: the letter cannot have gone by post. */
  | 'proxy-completed-same-day';

export interface Violation {
  rule: ComplianceRule;
  caseId?: string;
  message: string;
  /** The log entries that show it: fetch each with its inclusion proof. */
  entries: number[];
}

export interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** The calendar an office's operations were judged by: its own, or the default when it is not configured. */
export interface CalendarUsed {
  /** Null: operations whose office the log does not say. */
  office: string | null;
  calendar: 'office' | 'default';
  note?: string;
}

export interface ComplianceReport {
  query: ComplianceQuery;
  /** For the rule "operation recorded while the office was closed". */
  calendars: CalendarUsed[];
  cases: {
    opened: number;
    byProcedure: Record<Procedure, number>;
    byApplicant: Record<ApplicantType, number>;
    byOutcome: { completed: number; abandoned: number; open: number };
  };
  card: { pinLocks: number; failedVerifications: number };
  proxyLetters: { mailed: number; returned: number; expired: number };
  times: { waitSeconds: Percentiles; serviceSeconds: Percentiles };
  violations: Violation[];
}

/**
 * What the report is computed from: every event of the cases opened in the range (at the office), the
 * card gateway's events about those cases, and the office days of the range.
 */
export interface ComplianceInput {
  caseEvents: readonly LoggedEvent[];
  cardEvents: readonly LoggedEvent[];
  officeDayEvents: readonly LoggedEvent[];
}

/** Case and card events that touch the card: each must happen while the office is open. */
const CARD_OPERATIONS = new Set([
  'CardChecked',
  'PinsChanged',
  'PinChangeFailed',
  'PinsReset',
  'CountersConfirmed',
  'PinResetNotConfirmed',
  'NewPinVerified',
  'NewPinVerificationFailed',
  'PinTriesRead',
  'PinVerified',
  'PinVerificationFailed',
  'PinChanged',
  'PinResetRecorded',
]);

interface CaseFile {
  caseId: string;
  opened?: LoggedEvent;
  documents: { sequence: number; visit: unknown; sufficient: boolean }[];
  exceptions: LoggedEvent[];
  resets: LoggedEvent[];
  confirmations: LoggedEvent[];
  resetExceptions: LoggedEvent[];
  mailed?: LoggedEvent;
  returned?: LoggedEvent;
  expired?: LoggedEvent;
  completed?: LoggedEvent;
  abandoned?: LoggedEvent;
}

/**
 * The compliance report of a range, pure: counts by procedure, applicant and outcome, card locks and failed
 * verifications, proxy letters, wait and service times, and every rule violation with the entries showing
 * it. Each operation is judged by the calendar of its case's office, from the office configuration; an
 * office not configured is judged by the city's default calendar, and the report says so.
 */
export function complianceReport(
  query: ComplianceQuery,
  input: ComplianceInput,
  calendars: OfficeCalendars = OfficeCalendars.defaultOnly(),
): ComplianceReport {
  const cases = caseFilesOf(input.caseEvents);
  const violations: Violation[] = [];
  const byProcedure = countsOf(PROCEDURES);
  const byApplicant = countsOf(APPLICANT_TYPES);
  const byOutcome = { completed: 0, abandoned: 0, open: 0 };
  const proxyLetters = { mailed: 0, returned: 0, expired: 0 };

  for (const file of cases.values()) {
    const opened = file.opened?.event.data;
    if (!opened) continue;
    increment(byProcedure, opened.procedure);
    increment(byApplicant, opened.applicant);
    if (file.completed) byOutcome.completed++;
    else if (file.abandoned) byOutcome.abandoned++;
    else byOutcome.open++;
    if (file.mailed) proxyLetters.mailed++;
    if (file.returned) proxyLetters.returned++;
    if (file.expired) proxyLetters.expired++;
    violations.push(...caseViolations(file, opened.applicant === 'proxy'));
  }

  const card = { pinLocks: 0, failedVerifications: 0 };
  for (const { event } of input.cardEvents) {
    if (event.type === 'PinLocked') card.pinLocks++;
    if (event.type === 'PinVerificationFailed') card.failedVerifications++;
  }
  const officeOfCase = new Map(
    [...cases.values()].map((file) => [file.caseId, stringOrUndefined(file.opened?.event.data.officeId)]),
  );
  const used = new Map<string | null, CalendarUsed>();
  const calendarFor = (office: string | undefined) => {
    const choice = calendars.calendarOf(office);
    if (!used.has(office ?? null)) used.set(office ?? null, calendarUsed(office, choice.configured));
    return choice.calendar;
  };
  if (query.office !== undefined) calendarFor(query.office);
  for (const logged of [...input.caseEvents, ...input.cardEvents]) {
    if (!CARD_OPERATIONS.has(logged.event.type)) continue;
    const { caseId } = caseIdOf(logged);
    const office =
      stringOrUndefined(logged.event.data.officeId) ??
      (caseId === undefined ? undefined : officeOfCase.get(caseId));
    const calendar = calendarFor(office);
    const at = instantOf(logged.event);
    if (at && !isOpenAt(at, calendar)) {
      violations.push({
        rule: 'operation-while-closed',
        ...(caseId === undefined ? {} : { caseId }),
        message: `${logged.event.type} at ${at.toISOString()}, when the office${office === undefined ? '' : ` ${office}`} was closed`,
        entries: [logged.sequence],
      });
    }
  }

  return {
    query,
    calendars: [...used.values()].sort((a, b) => (a.office ?? '').localeCompare(b.office ?? '')),
    cases: {
      opened: [...cases.values()].filter((file) => file.opened).length,
      byProcedure,
      byApplicant,
      byOutcome,
    },
    card,
    proxyLetters,
    times: counterTimes(input.officeDayEvents),
    violations: violations.sort((a, b) => (a.entries[0] ?? 0) - (b.entries[0] ?? 0)),
  };
}

function identityNeeded(procedure: unknown, applicant: unknown, visit: unknown): boolean {
  if (!isProcedure(procedure) || !isApplicantType(applicant) || (visit !== 1 && visit !== 2)) return true;
  return (['applicant', 'holder'] as const).some(
    (whose) => identityRuleFor(procedure, applicant, visit, whose, DEFAULT_REQUIREMENTS) !== undefined,
  );
}

function caseViolations(file: CaseFile, proxy: boolean): Violation[] {
  const violations: Violation[] = [];
  const { caseId, completed } = file;
  for (const exception of file.exceptions) {
    violations.push({
      rule: 'supervisor-exception',
      caseId,
      message: `supervisor ${String(exception.event.data.supervisorId)} accepted the identity by exception (visit ${String(exception.event.data.visit)})`,
      entries: [exception.sequence],
    });
  }
  for (const accepted of file.resetExceptions) {
    violations.push({
      rule: 'supervisor-exception',
      caseId,
      message: `supervisor ${String(accepted.event.data.supervisorId)} accepted a reset the card did not confirm`,
      entries: [accepted.sequence],
    });
  }
  violations.push(...resetViolations(file));
  if (!completed) return violations;
  const visit = completed.event.data.visit;
  const byException = completed.event.data.identityByException === true;
  const assessed = file.documents.filter((documents) => documents.visit === visit);
  // A change in person needs the card and the old PIN only: no identity document is asked for, so none
  // is missing. The rule comes from the default what-to-bring table (domain.md §2).
  const identityAskedFor = identityNeeded(
    completed.event.data.procedure,
    file.opened?.event.data.applicant,
    visit,
  );
  if (
    identityAskedFor &&
    (byException ? file.exceptions.length === 0 : !assessed.some((documents) => documents.sufficient))
  ) {
    violations.push({
      rule: 'identity-not-assessed',
      caseId,
      message: byException
        ? 'completed by identity exception, but no supervisor exception was recorded'
        : `completed without a sufficient identity assessment on visit ${String(visit)}`,
      entries: [...assessed.map((documents) => documents.sequence), completed.sequence],
    });
  }
  const appliedOn = file.opened?.event.data.appliedOn;
  const completedDay = instantOf(completed.event);
  if (proxy && completedDay && typeof appliedOn === 'string' && tokyoDateOf(completedDay) <= appliedOn) {
    violations.push({
      rule: 'proxy-completed-same-day',
      caseId,
      message: `a proxy case completed on ${tokyoDateOf(completedDay)}, the day it was applied for`,
      entries: [file.opened?.sequence, file.returned?.sequence, completed.sequence].filter(
        (sequence): sequence is number => sequence !== undefined,
      ),
    });
  }
  if (proxy) {
    const letterEntries = [file.mailed?.sequence, file.returned?.sequence, completed.sequence].filter(
      (sequence): sequence is number => sequence !== undefined,
    );
    if (!file.returned) {
      violations.push({
        rule: 'proxy-letter-not-returned',
        caseId,
        message: 'a proxy case completed without its inquiry letter returned',
        entries: letterEntries,
      });
    } else {
      const deadline = String(file.returned.event.data.deadline ?? file.mailed?.event.data.deadline);
      const completedOn = tokyoDateOf(instantOf(completed.event) ?? new Date(Number.NaN));
      const returnedOn = String(file.returned.event.data.returnedOn);
      if (returnedOn > deadline || completedOn > deadline) {
        violations.push({
          rule: 'proxy-letter-late',
          caseId,
          message: `a proxy case completed on ${completedOn}, its letter returned on ${returnedOn}, after the deadline ${deadline}`,
          entries: letterEntries,
        });
      }
    }
  }
  return violations;
}

/**
 * What earlier data may hold from before the case decided card steps first: a reset recorded before the
 * visit's identity was sufficient, and a reset completed without counters confirmed full.
 */
function resetViolations(file: CaseFile): Violation[] {
  const violations: Violation[] = [];
  const { caseId, completed } = file;
  for (const reset of file.resets) {
    const identified = file.documents.some(
      (documents) => documents.sufficient && documents.sequence < reset.sequence,
    );
    const excepted = file.exceptions.some((exception) => exception.sequence < reset.sequence);
    if (!identified && !excepted) {
      violations.push({
        rule: 'reset-before-identity',
        caseId,
        message: `${reset.event.type} recorded before any sufficient identity documents`,
        entries: [reset.sequence],
      });
    }
  }
  if (completed?.event.data.procedure !== 'pin-reset') return violations;
  const reset = new Set<string>();
  for (const logged of file.resets) {
    if (logged.event.type !== 'PinsReset') continue;
    for (const kind of kindsOf(logged.event.data.kinds)) reset.add(kind);
  }
  const confirmed = new Set<string>();
  for (const logged of file.confirmations) {
    const triesLeft = logged.event.data.triesLeft as Record<string, unknown> | undefined;
    for (const kind of reset) {
      if (triesLeft?.[kind] === PIN_RETRY_LIMITS[kind as PinKind]) confirmed.add(kind);
    }
  }
  for (const logged of file.resetExceptions) {
    for (const kind of kindsOf(logged.event.data.kinds)) {
      reset.add(kind);
      confirmed.add(kind);
    }
  }
  const unconfirmed = [...reset].filter((kind) => !confirmed.has(kind));
  if (reset.size === 0 || unconfirmed.length > 0) {
    violations.push({
      rule: 'reset-not-confirmed',
      caseId,
      message:
        reset.size === 0
          ? 'a reset completed with no PIN whose counters read full again'
          : `a reset completed without its counters confirmed full: ${unconfirmed.join(', ')}`,
      entries: [...file.resets, ...file.confirmations, completed].map((logged) => logged.sequence),
    });
  }
  return violations;
}

function kindsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((kind): kind is string => typeof kind === 'string') : [];
}

function caseFilesOf(events: readonly LoggedEvent[]): Map<string, CaseFile> {
  const files = new Map<string, CaseFile>();
  for (const logged of [...events].sort((a, b) => a.sequence - b.sequence)) {
    const { streamId, data, type } = logged.event;
    let file = files.get(streamId);
    if (!file) {
      file = {
        caseId: streamId.replace(/^case:/, ''),
        documents: [],
        exceptions: [],
        resets: [],
        confirmations: [],
        resetExceptions: [],
      };
      files.set(streamId, file);
    }
    switch (type) {
      case 'CaseOpened':
        file.opened = logged;
        if (typeof data.caseId === 'string') file.caseId = data.caseId;
        break;
      case 'IdentityDocumentsRecorded': {
        const verdict = data.verdict as { sufficient?: unknown } | undefined;
        file.documents.push({
          sequence: logged.sequence,
          visit: data.visit,
          sufficient: verdict?.sufficient === true,
        });
        break;
      }
      case 'IdentityExceptionRecorded':
        file.exceptions.push(logged);
        break;
      case 'PinsReset':
      case 'PinResetNotConfirmed':
        file.resets.push(logged);
        break;
      case 'CountersConfirmed':
        file.confirmations.push(logged);
        break;
      case 'ResetAcceptedBySupervisor':
        file.resetExceptions.push(logged);
        break;
      case 'InquiryLetterMailed':
        file.mailed = logged;
        break;
      case 'InquiryLetterReturned':
        file.returned = logged;
        break;
      case 'InquiryLetterExpired':
        file.expired = logged;
        break;
      case 'CaseCompleted':
        file.completed = logged;
        break;
      case 'CaseAbandoned':
        file.abandoned = logged;
        break;
    }
  }
  return files;
}

/** Wait: from a ticket's issue to its first call. Service: as the counter recorded it when finished. */
function counterTimes(events: readonly LoggedEvent[]): ComplianceReport['times'] {
  const issued = new Map<string, number>();
  const waits: number[] = [];
  const services: number[] = [];
  for (const { event } of [...events].sort((a, b) => a.sequence - b.sequence)) {
    const ticket = `${event.streamId}/${String(event.data.ticketNumber)}`;
    if (event.type === 'TicketIssued') {
      const at = Date.parse(String(event.data.issuedAt));
      if (Number.isFinite(at)) issued.set(ticket, at);
    } else if (event.type === 'TicketCalled' && issued.has(ticket)) {
      const at = Date.parse(String(event.data.calledAt));
      if (Number.isFinite(at)) waits.push((at - (issued.get(ticket) as number)) / 1_000);
      issued.delete(ticket); // a recall is not a second wait
    } else if (event.type === 'ServiceFinished' && typeof event.data.serviceSeconds === 'number') {
      services.push(event.data.serviceSeconds);
    }
  }
  return { waitSeconds: percentilesOf(waits), serviceSeconds: percentilesOf(services) };
}

export function percentilesOf(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number | null =>
    sorted.length === 0
      ? null
      : (sorted[Math.min(sorted.length, Math.ceil((p / 100) * sorted.length)) - 1] ?? null);
  return { count: sorted.length, p50: rank(50), p90: rank(90), p99: rank(99) };
}

function instantOf(event: AuditedEvent): Date | undefined {
  const text = typeof event.data.at === 'string' ? event.data.at : event.metadata.occurredAt;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function calendarUsed(office: string | undefined, configured: boolean): CalendarUsed {
  if (configured) return { office: office ?? null, calendar: 'office' };
  return {
    office: office ?? null,
    calendar: 'default',
    note:
      office === undefined
        ? 'the log does not say which office: judged by the default Atsugi calendar'
        : `office ${office} is not in the office configuration (OFFICE_CONFIG_DIR): judged by the default Atsugi calendar`,
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function caseIdOf({ event }: LoggedEvent): { caseId?: string } {
  if (typeof event.data.caseId === 'string') return { caseId: event.data.caseId };
  return event.streamId.startsWith('case:') ? { caseId: event.streamId.slice('case:'.length) } : {};
}

function countsOf<Key extends string>(keys: readonly Key[]): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
}

function increment<Key extends string>(counts: Record<Key, number>, key: unknown): void {
  if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(counts, key)) counts[key as Key]++;
}
