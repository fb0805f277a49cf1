import { Logger } from '@nestjs/common';
import type { JetStreamBatchMessage, JetStreamDelivery, MessageQuarantine } from '@madoguchi/platform';
import { draftEntry, type EntryDraft } from '../log/audit-entry';
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
      await this.quarantineMalformed(payload, delivery, check.problem);
      return { outcome: 'quarantined' };
    }
    const draft = draftEntry(check.event);
    const result = await this.whileDatabaseUnreachable(() => this.sequencer.append(draft));
    return { ...result, outcome: result.appended ? 'appended' : 'already-in-log' };
  }

  /**
   * A batch in stream order: what is malformed goes to the quarantine, the rest becomes consecutive
   * entries in one transaction (an event already in the log, a redelivery, is not written again). A
   * rejection means nothing of the batch was appended.
   */
  async recordBatch(messages: readonly JetStreamBatchMessage[]): Promise<IngestOutcome[]> {
    const outcomes: (IngestOutcome | undefined)[] = [];
    const drafts: { index: number; draft: EntryDraft }[] = [];
    for (const [index, { payload, delivery }] of messages.entries()) {
      const check = checkAuditedEvent(payload, delivery.subject);
      if (check.ok) {
        drafts.push({ index, draft: draftEntry(check.event) });
        outcomes.push(undefined);
      } else {
        await this.quarantineMalformed(payload, delivery, check.problem);
        outcomes.push({ outcome: 'quarantined' });
      }
    }
    if (drafts.length > 0) {
      const results = await this.whileDatabaseUnreachable(() =>
        this.sequencer.appendBatch(drafts.map(({ draft }) => draft)),
      );
      for (const [n, { index }] of drafts.entries()) {
        const result = results[n] as AppendResult;
        outcomes[index] = { ...result, outcome: result.appended ? 'appended' : 'already-in-log' };
      }
    }
    return outcomes as IngestOutcome[];
  }

  /** Gives up waiting for the database, so the consumer can hand the message back and stop. */
  stop(): void {
    this.stopping.abort(new Error('the audit service is stopping'));
  }

  /** No retry can make it an entry: stored with the reason (once, however often it comes), then acked. */
  private async quarantineMalformed(
    payload: unknown,
    delivery: JetStreamDelivery,
    problem: string,
  ): Promise<void> {
    await this.quarantine.store({
      stream: this.options.stream,
      consumer: this.options.consumer,
      streamSequence: delivery.streamSequence,
      subject: `${this.options.subjectPrefix}${delivery.subject}`,
      messageId: delivery.messageId,
      body: JSON.stringify(payload),
      bodyIsJson: true,
      error: `not a recordable event: ${problem}`,
      deliveries: delivery.deliveryCount,
    });
    this.logger.warn(`message #${delivery.streamSequence} on ${delivery.subject} quarantined: ${problem}`);
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
