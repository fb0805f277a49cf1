import { randomUUID } from 'node:crypto';
import { schemaVersionOf, type DomainEventType } from '@madoguchi/domain';
import type { AuditedEvent } from '../src/log/audit-entry';

let position = 0;

/** A recorded event as the outbox relay publishes it (JSON), with fresh ids. */
export function auditedEvent(
  type: DomainEventType,
  data: Record<string, unknown> = {},
  overrides: Partial<AuditedEvent> = {},
): AuditedEvent {
  position++;
  return {
    eventId: randomUUID(),
    streamId: `case-${randomUUID()}`,
    streamVersion: 1,
    globalPosition: position,
    transactionId: String(1000 + position),
    type,
    schemaVersion: schemaVersionOf(type),
    data,
    metadata: {
      actor: { kind: 'clerk', id: 'clerk-7' },
      correlationId: randomUUID(),
      occurredAt: '2026-12-01T01:00:00.000Z',
    },
    recordedAt: '2026-12-01T01:00:00.123Z',
    ...overrides,
  };
}
