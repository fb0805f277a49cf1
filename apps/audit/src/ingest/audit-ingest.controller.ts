import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type JetStreamContext, OnJetStreamEvent } from '@madoguchi/platform';
import { AuditIngestService } from './audit-ingest.service';

/** Every event of every context, from the durable consumer `audit`. Resolves only after the commit. */
@Controller()
export class AuditIngestController {
  constructor(@Inject(AuditIngestService) private readonly ingest: AuditIngestService) {}

  @OnJetStreamEvent('madoguchi.>')
  async onEvent(@Payload() payload: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    await this.ingest.record(payload, context.delivery);
  }
}
