import type { CheckpointedReport } from './compliance-report.service';

const HEADER = ['section', 'key', 'value', 'case_id', 'entries', 'message'];

/**
 * The report as one CSV table (RFC 4180): a row per figure, then a row per violation with its entries.
 * A cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
 */
export function complianceReportCsv(report: CheckpointedReport): string {
  const rows: (string | number | null)[][] = [
    ['query', 'from', report.query.from],
    ['query', 'to', report.query.to],
    ['query', 'office', report.query.office ?? 'all'],
    ...report.calendars.map((used) => [
      'calendar',
      used.office ?? 'unknown',
      used.calendar,
      null,
      null,
      used.note ?? null,
    ]),
    ['checkpoint', 'tree_size', report.checkpoint.treeSize],
    ['checkpoint', 'root_hash', report.checkpoint.rootHash],
    ['cases', 'opened', report.cases.opened],
    ...Object.entries(report.cases.byProcedure).map(([key, value]) => ['cases.procedure', key, value]),
    ...Object.entries(report.cases.byApplicant).map(([key, value]) => ['cases.applicant', key, value]),
    ...Object.entries(report.cases.byOutcome).map(([key, value]) => ['cases.outcome', key, value]),
    ['card', 'pin_locks', report.card.pinLocks],
    ['card', 'failed_verifications', report.card.failedVerifications],
    ...Object.entries(report.proxyLetters).map(([key, value]) => ['proxy_letters', key, value]),
    ...Object.entries(report.times).flatMap(([section, percentiles]) =>
      Object.entries(percentiles).map(([key, value]) => [`times.${section}`, key, value as number | null]),
    ),
    ...report.violations.map((violation) => [
      'violation',
      violation.rule,
      null,
      violation.caseId ?? null,
      violation.entries.join(' '),
      violation.message,
    ]),
  ];
  // Every record has every field (RFC 4180 §2.4).
  const padded = rows.map((row) => [...row, ...Array<null>(HEADER.length - row.length).fill(null)]);
  return [HEADER, ...padded].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
