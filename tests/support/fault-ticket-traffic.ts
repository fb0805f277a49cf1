import type { INestApplication } from '@nestjs/common';
import { api } from '../../apps/queue/src/office/testing/queue-test-harness';
import { waitFor } from './wait-for';

export interface IssuedTicket {
  ticketNumber: string;
  service: string;
  /** Attempts it took (more than one when a fault cut a request off). */
  attempts: number;
  at: number;
}

export interface FailedAttempt {
  service: string;
  status: number | string;
  at: number;
}

const REQUESTS = [
  { service: 'pin-reset', applicant: 'self' },
  { service: 'pin-change', applicant: 'self' },
  { service: 'general-enquiry' },
] as const;

/**
 * Kiosk traffic for the fault suite: one ticket after another, the services taken in turn, each ticket
 * asked for under an Idempotency-Key of its own and asked again under the same key until the queue
 * answers 201 (as a real kiosk retries), so a request cut off by a fault can neither lose nor double a
 * ticket. Every answer is kept, with when it came.
 */
export class FaultTicketTraffic {
  readonly issued: IssuedTicket[] = [];
  readonly failed: FailedAttempt[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  private constructor(
    private readonly app: INestApplication,
    private readonly officeId: string,
    private readonly kiosk: string,
    private readonly paceMs: number,
  ) {
    this.loop = this.run();
  }

  static start(app: INestApplication, officeId: string, kiosk: string, paceMs = 25): FaultTicketTraffic {
    return new FaultTicketTraffic(app, officeId, kiosk, paceMs);
  }

  /** Waits until `count` tickets in all have been issued. */
  async waitForIssued(count: number, timeoutMs = 15_000): Promise<void> {
    await waitFor(() => this.issued.length >= count, {
      what: `${count} tickets issued (${this.issued.length} so far, ${this.failed.length} failed attempts)`,
      timeoutMs,
    });
  }

  /** Tickets issued within [from, to] (Date.now() instants). */
  issuedBetween(from: number, to: number): IssuedTicket[] {
    return this.issued.filter((ticket) => ticket.at >= from && ticket.at <= to);
  }

  /** Stops after the ticket under way (and its retries) is issued. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    for (let n = 0; this.running; n++) {
      const body = REQUESTS[n % REQUESTS.length]!;
      const key = `fault-${n.toString().padStart(6, '0')}-${Date.now().toString(36)}`;
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.ask(body, key);
        if (typeof outcome === 'string') {
          this.issued.push({
            ticketNumber: outcome,
            service: body.service,
            attempts: attempt,
            at: Date.now(),
          });
          break;
        }
        this.failed.push({ service: body.service, status: outcome.status, at: Date.now() });
        // A ticket asked for is seen through, even when told to stop (its number may already be taken),
        // but not forever: a queue that never answers again fails the test's own checks instead.
        if (!this.running && attempt >= 40) break;
        await pause(this.paceMs * 4);
      }
      await pause(this.paceMs);
    }
  }

  private async ask(body: object, key: string): Promise<string | { status: number | string }> {
    try {
      const response = await api(this.app)
        .post(`/offices/${this.officeId}/tickets`)
        .set('Authorization', `Bearer ${this.kiosk}`)
        .set('Idempotency-Key', key)
        .timeout(5_000)
        .send(body);
      if (response.status === 201) return (response.body as { ticketNumber: string }).ticketNumber;
      return { status: response.status };
    } catch (error) {
      return { status: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** The pace of the traffic itself (not a wait for a condition). */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Ticket numbers of one prefix in the order given, as numbers (R001 → 1). */
export function sequenceOf(tickets: readonly IssuedTicket[], prefix: string): number[] {
  return tickets
    .filter((ticket) => ticket.ticketNumber.startsWith(prefix))
    .map((ticket) => Number(ticket.ticketNumber.slice(prefix.length)));
}
