/**
 * What a `decide` function answers: the events to append, or a typed refusal that says why.
 * Refusals are values, not exceptions, so callers must handle each one (the union is closed).
 */
export type Decision<Event, Refusal extends { code: string }> =
  { ok: true; events: Event[] } | { ok: false; refusal: Refusal };

export function accept<Event>(...events: Event[]): { ok: true; events: Event[] } {
  return { ok: true, events };
}

export function refuse<Refusal extends { code: string }>(refusal: Refusal): { ok: false; refusal: Refusal } {
  return { ok: false, refusal };
}

/** Who issued a command: recorded with every event the command produces. */
export interface Actor {
  kind: 'kiosk' | 'display' | 'clerk' | 'supervisor' | 'auditor' | 'system';
  id: string;
}

/** Every command carries the time it happens and who does it; the domain never reads a clock. */
export interface CommandMetadata {
  now: Date;
  actor: Actor;
}

/** Makes a forgotten case of a tagged union a compile error. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** Bilingual text: Japanese first (the default on every screen), English second. */
export interface LocalizedText {
  ja: string;
  en: string;
}
