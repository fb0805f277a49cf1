import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type JetStreamBatchMessage, OnJetStreamBatch } from '@madoguchi/platform';
import { AuditIngestService } from './audit-ingest.service';

/**
 * Every event of every context, from the durable consumer `audit`, up to 500 at a time: one transaction
 * (one fsync) per batch. Resolves only after the commit. A batch that fails is handed back one message
 * at a time by the consumer, so a bad message is retried and quarantined alone.
 */
@Controller()
export class AuditIngestController {
  constructor(@Inject(AuditIngestService) private readonly ingest: AuditIngestService) {}

  @OnJetStreamBatch('madoguchi.>', { maxMessages: 500, maxWaitMs: 1_000 })
  async onEvents(@Payload() messages: JetStreamBatchMessage[]): Promise<void> {
    await this.ingest.recordBatch(messages);
  }
}
