import type { OfficeSummaryView } from '../../src/office/office.views';
import type { CallView, DisplaySnapshot } from '../../src/display/display-snapshot';
import type { IssuedTicketView, TicketStatusView } from '../../src/tickets/ticket.views';
import type { CalendarDayView } from '../../src/calendar/calendar.service';

export type {
  CallView,
  DisplaySnapshot,
  IssuedTicketView,
  OfficeSummaryView,
  TicketStatusView,
  CalendarDayView,
};

/** An answer other than 2xx: the status and the body as the API gave it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`the API answered ${status}`);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

export async function postJson<T>(path: string, body: unknown, headers: Record<string, string>): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer as T;
}

export const officePath = (officeId: string) => `/offices/${encodeURIComponent(officeId)}`;

/** The first open day after `date` in the office's calendar, for the closed notice. */
export async function nextOpenDay(
  officeId: string,
): Promise<Extract<CalendarDayView, { open: true }> | undefined> {
  const { days } = await getJson<{ days: CalendarDayView[] }>(`${officePath(officeId)}/calendar`);
  return days.slice(1).find((day): day is Extract<CalendarDayView, { open: true }> => day.open);
}

export interface FeedEvent {
  type: string;
  id: string | undefined;
  data: unknown;
}

export type FeedState = 'connecting' | 'live' | 'reconnecting';

/**
 * Server-Sent Events over fetch, so that a screen that reconnects (after a network cut, or the server
 * restarting) always sends Last-Event-ID and gets the calls it missed; EventSource gives up after an
 * error answer and cannot be given the id when created anew.
 */
export function followFeed(
  url: string,
  onEvent: (event: FeedEvent) => void,
  onState: (state: FeedState) => void = () => undefined,
): { close: () => void } {
  let lastEventId: string | undefined;
  let closed = false;
  let controller: AbortController | undefined;
  let failures = 0;

  const run = async (): Promise<void> => {
    while (!closed) {
      controller = new AbortController();
      onState(failures === 0 && lastEventId === undefined ? 'connecting' : 'reconnecting');
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream' };
        if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
        const response = await fetch(url, { headers, cache: 'no-store', signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`feed answered ${response.status}`);
        onState('live');
        failures = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = parseBlock(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (!event) continue;
            if (event.id !== undefined) lastEventId = event.id;
            onEvent(event);
          }
        }
      } catch {
        // Reconnect below, whatever went wrong.
      }
      if (closed) return;
      failures += 1;
      onState('reconnecting');
      // 0.5 s, 1 s, 2 s … up to 10 s, with jitter so a room of screens does not return all at once.
      const delay = Math.min(10_000, 500 * 2 ** Math.min(failures - 1, 5)) * (0.75 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
  void run();
  return {
    close: () => {
      closed = true;
      controller?.abort();
    },
  };
}

function parseBlock(block: string): FeedEvent | undefined {
  let type = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  const text = data.join('\n');
  try {
    return { type, id, data: JSON.parse(text) as unknown };
  } catch {
    return { type, id, data: text };
  }
}
