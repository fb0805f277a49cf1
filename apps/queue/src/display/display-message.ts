import type { CalendarDate } from '@madoguchi/domain';
import type { CallView, DisplaySnapshot } from './display-snapshot';

/** What travels between replicas on Redis pub/sub, and then to screens as Server-Sent Events. */
export type DisplayMessage =
  | { kind: 'call'; officeId: string; date: CalendarDate; version: number; call: CallView }
  | { kind: 'snapshot'; officeId: string; date: CalendarDate; version: number; snapshot: DisplaySnapshot };

/** Where a screen is in the feed: the SSE event id `<date>:<version>`. */
export interface FeedPosition {
  date: CalendarDate;
  version: number;
}

const EVENT_ID = /^(\d{4}-\d{2}-\d{2}):(\d{1,9})$/;

export function eventIdOf(position: FeedPosition): string {
  return `${position.date}:${position.version}`;
}

/** An unreadable Last-Event-ID (another server's, or garbage) simply means "start afresh". */
export function parseEventId(value: unknown): FeedPosition | undefined {
  if (typeof value !== 'string') return undefined;
  const match = EVENT_ID.exec(value);
  if (!match) return undefined;
  return { date: match[1] as string, version: Number(match[2]) };
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.version - b.version;
}
