import { Logger } from '@nestjs/common';
import type { JetStreamDelivery, MessageQuarantine } from '@madoguchi/platform';
import { draftEntry } from '../log/audit-entry';
import type { AppendResult, LogSequencer } from '../log/log-sequencer';
import { checkAuditedEvent } from './audited-event.schema';
import { isDatabaseUnreachable } from './transient-errors';

export type IngestOutcome =
  ({ outcome: 'appended' | 'already-in-log' } & AppendResult) | { outcome: 'quarantined' };

export interface IngestOptions {
  /** JETSTREAM_STREAM, NATS_SUBJECT_PREFIX and the durable consumer: where a quarantined message came from. */
  stream: string;
  subjectPrefix: string;
  consumer: string;
  /** Wait between attempts while the database is out of reach. */
  retryDelayMs?: { first: number; max: number };
}

/**
 * Every event on the stream becomes one log entry, or goes to the quarantine with the reason when it
 * cannot. While the database is out of reach it keeps trying (the consumer tells NATS it is still
 * working), so an outage does not count against the message's deliveries and push it into quarantine.
 */
export class AuditIngestService {
  private readonly logger = new Logger('AuditIngest');
  private readonly stopping = new AbortController();

  constructor(
    private readonly sequencer: LogSequencer,
    private readonly quarantine: MessageQuarantine,
    private readonly options: IngestOptions,
  ) {}

  async record(payload: unknown, delivery: JetStreamDelivery): Promise<IngestOutcome> {
    const check = checkAuditedEvent(payload, delivery.subject);
    if (!check.ok) {
      await this.quarantine.store({
        stream: this.options.stream,
        consumer: this.options.consumer,
        streamSequence: delivery.streamSequence,
        subject: `${this.options.subjectPrefix}${delivery.subject}`,
        messageId: delivery.messageId,
        body: JSON.stringify(payload),
        bodyIsJson: true,
        error: `not a recordable event: ${check.problem}`,
        deliveries: delivery.deliveryCount,
      });
      this.logger.warn(
        `message #${delivery.streamSequence} on ${delivery.subject} quarantined: ${check.problem}`,
      );
      return { outcome: 'quarantined' };
    }
    const draft = draftEntry(check.event);
    const result = await this.whileDatabaseUnreachable(() => this.sequencer.append(draft));
    return { ...result, outcome: result.appended ? 'appended' : 'already-in-log' };
  }

  /** Gives up waiting for the database, so the consumer can hand the message back and stop. */
  stop(): void {
    this.stopping.abort(new Error('the audit service is stopping'));
  }

  private async whileDatabaseUnreachable<T>(work: () => Promise<T>): Promise<T> {
    const { first, max } = this.options.retryDelayMs ?? { first: 200, max: 5_000 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isDatabaseUnreachable(error) || this.stopping.signal.aborted) throw error;
        const delayMs = Math.min(first * 2 ** (attempt - 1), max);
        this.logger.warn(`database out of reach (attempt ${attempt}), trying again in ${delayMs} ms`);
        await pause(delayMs, this.stopping.signal).catch(() => {
          throw error;
        });
      }
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
