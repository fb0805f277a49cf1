import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Actor, CARD_GATEWAY_EVENT_SCHEMA_VERSIONS, type CardGatewayEvent } from '@madoguchi/domain';
import { type Clock, CLOCK, OutboxRelay, PostgresEventStore } from '@madoguchi/platform';

/** One event stream per reader: its facts in the order the gateway saw them. */
export function cardReaderStream(readerId: string): string {
  return `card-reader-${readerId}`;
}

/**
 * Appends the gateway's facts to its event store, which is the outbox: the relay carries them to JetStream as
 * `madoguchi.card.<Type>`. Facts are typed so that no PIN or My Number has a field to go in.
 */
@Injectable()
export class CardFactsRepository {
  private readonly logger = new Logger(CardFactsRepository.name);
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Records `facts` in one append. The card has already acted, so a failed append cannot undo anything: it is
   * logged (fact types only) and the caller still answers with what the card did.
   */
  record(readerId: string, facts: readonly CardGatewayEvent[], actor: Actor): Promise<void> {
    if (facts.length === 0) return Promise.resolve();
    const append = this.append(readerId, facts, actor).finally(() => this.pending.delete(append));
    this.pending.add(append);
    return append;
  }

  /** Waits for appends under way, so a shutdown never closes the database under one. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async append(readerId: string, facts: readonly CardGatewayEvent[], actor: Actor): Promise<void> {
    try {
      await this.store.append(
        cardReaderStream(readerId),
        facts.map((fact) => ({
          type: fact.type,
          data: fact.data,
          schemaVersion: CARD_GATEWAY_EVENT_SCHEMA_VERSIONS[fact.type],
        })),
        {
          expectedVersion: 'any',
          metadata: { actor, correlationId: randomUUID(), occurredAt: this.clock.now().toISOString() },
        },
      );
      this.relay.wake();
    } catch (error) {
      this.logger.error(
        `facts of reader ${readerId} not recorded (${facts.map((fact) => fact.type).join(', ')}): ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
}
