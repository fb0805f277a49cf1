/**
 * NATS subjects shared by the apps (before any run-time NATS_SUBJECT_PREFIX). Request-reply subjects
 * stay outside `madoguchi.>` so the JetStream event stream never captures a request.
 */
export const CARD_GATEWAY_SUBJECTS = {
  health: 'card-gateway.health',
  /** card.<readerId>.<operation> */
  operation: (readerId: string, operation: string) => `card.${readerId}.${operation}`,
} as const;

/** Events go to `madoguchi.<context>.<event-type>` on the JetStream stream MADOGUCHI. */
export function eventSubject(context: string, eventType: string): string {
  return `madoguchi.${context}.${eventType}`;
}
