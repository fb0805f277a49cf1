import { Controller, Get, Header, Inject, Query, Res, UseFilters, UsePipes } from '@nestjs/common';
import type { Response } from 'express';
import { Roles, SchemaValidationPipe } from '@madoguchi/platform';
import { AuditQueryErrorFilter } from '../http/audit-query.error';
import { complianceReportCsv } from './compliance-report.csv';
import { ComplianceReportService } from './compliance-report.service';
import { complianceQuery, type ComplianceQueryParams } from './reports.schemas';

/** Compliance reports for auditors, as JSON or CSV, each computed at a signed checkpoint. */
@Controller('reports')
@Roles('auditor')
@UsePipes(SchemaValidationPipe)
@UseFilters(AuditQueryErrorFilter)
export class ReportsController {
  constructor(@Inject(ComplianceReportService) private readonly reports: ComplianceReportService) {}

  @Get('compliance')
  @Header('Cache-Control', 'no-store')
  async compliance(
    @Query({ schema: complianceQuery }) { format, ...query }: ComplianceQueryParams,
    @Res({ passthrough: true }) response: Response,
  ) {
    const report = await this.reports.report(query);
    if (format === 'json') return report;
    response.type('text/csv; charset=utf-8');
    response.attachment(`compliance-${query.office ?? 'all'}-${query.from}-${query.to}.csv`);
    return complianceReportCsv(report);
  }
}
