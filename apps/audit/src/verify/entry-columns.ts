/**
 * What the catalog must still say about audit_entries (see the migration): every column about the event
 * is generated from `canonical`, so verifying `canonical` verifies them. Matched loosely enough to survive
 * how a Postgres version prints an expression, tightly enough that a rewritten one does not pass.
 */
export const DERIVED_ENTRY_COLUMNS: Readonly<Record<string, RegExp>> = {
  entry: /^\(?\(canonical\)::jsonb\)?$/,
  event_id: /^\(+\(canonical\)::jsonb #>> '\{event,eventId\}'(::text\[\])?\)+::uuid$/,
  type: /^\(?\(canonical\)::jsonb #>> '\{event,type\}'(::text\[\])?\)?$/,
  stream_id: /^\(?\(canonical\)::jsonb #>> '\{event,streamId\}'(::text\[\])?\)?$/,
  occurred_at: /^audit_instant\(\(\(canonical\)::jsonb #>> '\{event,metadata,occurredAt\}'(::text\[\])?\)\)$/,
  recorded_at: /^audit_instant\(\(\(canonical\)::jsonb #>> '\{event,recordedAt\}'(::text\[\])?\)\)$/,
};

export const INSTANT_FUNCTION = /IMMUTABLE[\s\S]*RETURN \(\$1\)::timestamp with time zone\s*$/;

/** The columns whose definition is no longer the one the migration made. */
export function alteredColumnDefinitions(definitions: {
  columns: Record<string, string | null>;
  instantFunction: string | null;
}): string[] {
  const altered = Object.entries(DERIVED_ENTRY_COLUMNS)
    .filter(([column, expected]) => !expected.test(definitions.columns[column] ?? ''))
    .map(([column]) => column);
  if (!INSTANT_FUNCTION.test(definitions.instantFunction ?? '')) altered.push('audit_instant()');
  return altered;
}
