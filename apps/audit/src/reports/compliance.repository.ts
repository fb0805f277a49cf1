import type { DataSource } from 'typeorm';
import type { AuditEntry } from '../log/audit-entry';
import type { LoggedEvent } from './compliance-report';

const CARD_EVENT_TYPES = [
  'PinLocked',
  'PinVerificationFailed',
  'PinVerified',
  'PinTriesRead',
  'PinChanged',
  'PinResetRecorded',
];

interface Row {
  sequence: string;
  entry: AuditEntry;
}

const loggedEvent = (row: Row): LoggedEvent => ({ sequence: Number(row.sequence), event: row.entry.event });

/** What a compliance report reads, always below a checkpoint's tree size so the report can be re-verified. */
export class ComplianceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every event, up to the checkpoint, of the cases opened in [from, to) (at the office, when given). */
  async eventsOfCasesOpened(
    from: Date,
    to: Date,
    office: string | undefined,
    treeSize: number,
  ): Promise<LoggedEvent[]> {
    const rows: Row[] = await this.dataSource.query(
      `WITH opened AS (
         SELECT stream_id FROM audit_entries
          WHERE type = 'CaseOpened' AND occurred_at >= $1 AND occurred_at < $2 AND sequence < $3
            AND ($4::text IS NULL OR entry #>> '{event,data,officeId}' = $4)
       )
       SELECT e.sequence::text, e.entry FROM audit_entries e
        WHERE e.stream_id IN (SELECT stream_id FROM opened) AND e.sequence < $3
        ORDER BY e.sequence`,
      [from, to, treeSize, office ?? null],
    );
    return rows.map(loggedEvent);
  }

  /** The card gateway's events about these cases, up to the checkpoint. */
  async cardEventsOfCases(caseIds: readonly string[], treeSize: number): Promise<LoggedEvent[]> {
    if (caseIds.length === 0) return [];
    const rows: Row[] = await this.dataSource.query(
      `SELECT e.sequence::text, e.entry FROM audit_entries e
        WHERE e.entry #>> '{event,data,caseId}' = ANY($1) AND e.type = ANY($2) AND e.sequence < $3
        ORDER BY e.sequence`,
      [caseIds, CARD_EVENT_TYPES, treeSize],
    );
    return rows.map(loggedEvent);
  }

  /** The office days (`office-day:<office>:<date>`) from `fromDay` to `toDay`, up to the checkpoint. */
  async officeDayEvents(fromDay: string, toDay: string, office: string | undefined, treeSize: number) {
    const rows: Row[] = await this.dataSource.query(
      `SELECT e.sequence::text, e.entry FROM audit_entries e
        WHERE e.type IN ('TicketIssued', 'TicketCalled', 'ServiceFinished') AND e.sequence < $4
          AND e.stream_id LIKE 'office-day:%'
          AND split_part(e.stream_id, ':', 3) BETWEEN $1 AND $2
          AND ($3::text IS NULL OR split_part(e.stream_id, ':', 2) = $3)
        ORDER BY e.sequence`,
      [fromDay, toDay, office ?? null, treeSize],
    );
    return rows.map(loggedEvent);
  }
}
