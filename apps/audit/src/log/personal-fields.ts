import { createHash, randomBytes } from 'node:crypto';
import type { DomainEventType } from '@madoguchi/domain';
import { canonicalJson } from '../merkle';

/**
 * Fields of an event's `data` that may hold something about a person: free text a supervisor or clerk
 * typed. They are kept in `audit_personal_fields`, and the leaf holds only a salted hash of each, so a
 * field can be erased one day without breaking the tree, and its hash reveals nothing meanwhile.
 * Today's contracts carry no name, PIN or My Number; a new free-text field belongs here.
 */
export const PERSONAL_FIELDS: Readonly<Partial<Record<DomainEventType, readonly string[]>>> = Object.freeze({
  IdentityExceptionRecorded: ['reason'],
});

export interface PersonalField {
  /** Where the value was in the event, e.g. `data.reason`. */
  path: string;
  salt: Buffer;
  value: unknown;
}

export const SALT_BYTES = 16;

/** `sha256:<hex>` of salt ‖ canonical JSON of the value: what the leaf holds instead of the value. */
export function commitmentOf(salt: Buffer, value: unknown): string {
  return `sha256:${createHash('sha256').update(salt).update(canonicalJson(value), 'utf8').digest('hex')}`;
}

export function newSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

export function personalPathsOf(type: string): readonly string[] {
  return Object.prototype.hasOwnProperty.call(PERSONAL_FIELDS, type)
    ? (PERSONAL_FIELDS[type as DomainEventType] ?? [])
    : [];
}
