import { addDays, tokyoInstant } from '@madoguchi/domain';
import { AuditQueryError } from '../http/audit-query.error';
import type { LogReaderRepository } from '../log/log-reader.repository';
import { type ComplianceQuery, type ComplianceReport, complianceReport } from './compliance-report';
import type { ComplianceRepository } from './compliance.repository';
import { OfficeCalendars } from './office-calendars';

export interface CheckpointedReport extends ComplianceReport {
  /** The signed checkpoint the report was computed at: every entry it cites is below its tree size. */
  checkpoint: { treeSize: number; rootHash: string; checkpoint: string };
}

/** Reports over the log as of its latest checkpoint, so they can be recomputed and re-verified later. */
export class ComplianceReportService {
  constructor(
    private readonly reports: ComplianceRepository,
    private readonly reader: LogReaderRepository,
    /** Each office's own calendar (OFFICE_CONFIG_DIR), for the rule on operations while closed. */
    private readonly calendars: OfficeCalendars = OfficeCalendars.defaultOnly(),
  ) {}

  async report(query: ComplianceQuery): Promise<CheckpointedReport> {
    const checkpoint = await this.reader.latestCheckpoint();
    if (!checkpoint) throw new AuditQueryError('no-checkpoint-yet', 'the log has no checkpoint yet');
    const { treeSize } = checkpoint;
    const from = tokyoInstant(query.from, '00:00');
    const to = tokyoInstant(addDays(query.to, 1), '00:00');
    const caseEvents = await this.reports.eventsOfCasesOpened(from, to, query.office, treeSize);
    const caseIds = [
      ...new Set(
        caseEvents
          .filter(({ event }) => event.type === 'CaseOpened')
          .map(({ event }) => String(event.data.caseId)),
      ),
    ];
    const [cardEvents, officeDayEvents] = await Promise.all([
      this.reports.cardEventsOfCases(caseIds, treeSize),
      this.reports.officeDayEvents(query.from, query.to, query.office, treeSize),
    ]);
    return {
      ...complianceReport(query, { caseEvents, cardEvents, officeDayEvents }, this.calendars),
      checkpoint: { treeSize, rootHash: checkpoint.rootHash.toString('base64'), checkpoint: checkpoint.note },
    };
  }
}
