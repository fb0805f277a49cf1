import { Controller, Get, Inject, Param, Query, UseFilters, UsePipes } from '@nestjs/common';
import { Roles, SchemaValidationPipe } from '@madoguchi/platform';
import { AuditQueryErrorFilter } from '../http/audit-query.error';
import { consistencyQuery, type ConsistencyQuery, sequenceParam } from './log.schemas';
import { LogProofService } from './log-proof.service';

/** The log as an auditor checks it: entries with inclusion proofs, consistency proofs, checkpoints. */
@Controller('log')
@Roles('auditor')
@UsePipes(SchemaValidationPipe)
@UseFilters(AuditQueryErrorFilter)
export class LogController {
  constructor(@Inject(LogProofService) private readonly proofs: LogProofService) {}

  @Get('entries/:sequence')
  entry(@Param('sequence', { schema: sequenceParam }) sequence: number) {
    return this.proofs.entry(sequence);
  }

  @Get('consistency')
  consistency(@Query({ schema: consistencyQuery }) query: ConsistencyQuery) {
    return this.proofs.consistency(query.from, query.to);
  }

  @Get('checkpoints/latest')
  latestCheckpoint() {
    return this.proofs.latestCheckpoint();
  }
}
