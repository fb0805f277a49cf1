import { canonicalJson, type Hash, leafHash } from '../merkle';
import { commitmentOf, newSalt, type PersonalField, personalPathsOf } from './personal-fields';

/** An event as it arrived from the stream, checked to be a recorded event (see ingest). */
export interface AuditedEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  transactionId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: { actor: { kind: string; id: string }; correlationId: string; occurredAt: string } & Record<
    string,
    unknown
  >;
  recordedAt: string;
  [field: string]: unknown;
}

/**
 * One entry of the log: what its leaf is the hash of (RFC 8785 canonical JSON). The event is kept whole
 * but for its personal fields, which `personal` replaces by their commitments.
 */
export interface AuditEntry {
  sequence: number;
  event: AuditedEvent;
  personal?: Record<string, string>;
}

/** An entry before the sequencer has numbered it. */
export interface EntryDraft {
  event: AuditedEvent;
  personal: Record<string, string>;
  personalFields: PersonalField[];
}

export function draftEntry(event: AuditedEvent, salt: () => Buffer = newSalt): EntryDraft {
  const data = { ...event.data };
  const personal: Record<string, string> = {};
  const personalFields: PersonalField[] = [];
  for (const field of personalPathsOf(event.type)) {
    if (!(field in data) || data[field] === undefined) continue;
    const path = `data.${field}`;
    const value = data[field];
    const fieldSalt = salt();
    personal[path] = commitmentOf(fieldSalt, value);
    personalFields.push({ path, salt: fieldSalt, value });
    delete data[field];
  }
  return { event: { ...event, data }, personal, personalFields };
}

export function numberEntry(draft: EntryDraft, sequence: number): AuditEntry {
  return Object.keys(draft.personal).length === 0
    ? { sequence, event: draft.event }
    : { sequence, event: draft.event, personal: draft.personal };
}

/** The entry as the log stores it, its canonical JSON, and its leaf = SHA-256(0x00 ‖ that JSON). */
export function sealEntry(entry: AuditEntry): { canonical: string; leaf: Hash } {
  const canonical = canonicalJson(entry);
  return { canonical, leaf: leafOfCanonical(canonical) };
}

export function leafOfEntry(entry: AuditEntry): Hash {
  return sealEntry(entry).leaf;
}

export function leafOfCanonical(canonical: string): Hash {
  return leafHash(Buffer.from(canonical, 'utf8'));
}
