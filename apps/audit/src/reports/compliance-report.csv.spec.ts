import { complianceReport } from './compliance-report';
import { complianceReportCsv } from './compliance-report.csv';
import type { CheckpointedReport } from './compliance-report.service';

describe('the compliance report as CSV', () => {
  const report: CheckpointedReport = {
    ...complianceReport(
      { from: '2026-12-01', to: '2026-12-31' },
      { caseEvents: [], cardEvents: [], officeDayEvents: [] },
    ),
    violations: [
      {
        rule: 'supervisor-exception',
        caseId: '=HYPERLINK("http://x")',
        message: 'said "ok", then left',
        entries: [3, 9],
      },
    ],
    checkpoint: { treeSize: 10, rootHash: '+abc=', checkpoint: 'note' },
  };
  const lines = complianceReportCsv(report).split('\r\n');

  it('gives every record every field, and ends each with CRLF', () => {
    expect(lines.at(-1)).toBe('');
    const fields = (line: string) => line.replace(/"(?:[^"]|"")*"/g, 'x').split(',').length;
    for (const line of lines.slice(0, -1)) expect(fields(line)).toBe(6);
  });

  it('quotes what needs quoting and defuses cells a spreadsheet would run as formulas', () => {
    expect(lines).toContain(
      `violation,supervisor-exception,,"'=HYPERLINK(""http://x"")",3 9,"said ""ok"", then left"`,
    );
    expect(lines).toContain(`checkpoint,root_hash,'+abc=,,,`);
    expect(lines).toContain('times.waitSeconds,p50,,,,');
  });
});
