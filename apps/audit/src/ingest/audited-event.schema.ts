import { EVENT_CONTRACTS, isDomainEventType, subjectOfEvent } from '@madoguchi/domain';
import { z } from 'zod';
import { canonicalJson, NotCanonicalisableError } from '../merkle';
import type { AuditedEvent } from '../log/audit-entry';

const instant = z.iso.datetime({ offset: true });
const integer = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * A recorded event as the outbox relay publishes it (RecordedEvent in JSON). Fields beyond these are
 * kept, not dropped: the log records what arrived.
 */
const recordedEvent = z.looseObject({
  eventId: z.guid(),
  streamId: z.string().min(1).max(1_000),
  streamVersion: integer.min(1),
  globalPosition: integer,
  transactionId: z.string().regex(/^[0-9]{1,20}$/, 'must be a decimal transaction id'),
  type: z.string().min(1).max(200),
  schemaVersion: integer.min(1),
  data: z.record(z.string(), z.unknown()),
  metadata: z.looseObject({
    actor: z.looseObject({ kind: z.string().min(1), id: z.string().min(1) }),
    correlationId: z.string().min(1),
    occurredAt: instant,
  }),
  recordedAt: instant,
});

export type AuditedEventCheck = { ok: true; event: AuditedEvent } | { ok: false; problem: string };

/**
 * Decides whether a message can become a log entry. What cannot, no retry will fix: it goes to the
 * quarantine with the reason, never silently dropped and never half-recorded.
 */
export function checkAuditedEvent(payload: unknown, subject: string): AuditedEventCheck {
  const parsed = recordedEvent.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      problem: parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`)
        .join('; '),
    };
  }
  const event: AuditedEvent = parsed.data;
  if (!isDomainEventType(event.type))
    return { ok: false, problem: `type: ${event.type} has no event contract` };
  if (subjectOfEvent(event.type) !== subject) {
    return { ok: false, problem: `subject: ${subject} is not the subject of a ${event.type}` };
  }
  // A newer payload than this audit knows may hold personal fields it would not recognise.
  const known = EVENT_CONTRACTS[event.type].schemaVersion;
  if (event.schemaVersion > known) {
    return {
      ok: false,
      problem: `schemaVersion: ${event.type} v${event.schemaVersion} is newer than v${known}`,
    };
  }
  try {
    // jsonb cannot store NUL, and a leaf must be reproducible, so both are checked before any write.
    if (canonicalJson(event).includes('\\u0000'))
      return { ok: false, problem: 'data: holds a NUL character' };
  } catch (error) {
    if (error instanceof NotCanonicalisableError) return { ok: false, problem: error.message };
    throw error;
  }
  return { ok: true, event };
}
