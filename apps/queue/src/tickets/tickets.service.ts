import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Actor, ApplicantType, CalendarDate } from '@madoguchi/domain';
import type { Session } from '@madoguchi/platform';
import { OfficeDayRefusalException } from '../office/http/refusal.exception';
import { parseField } from '@madoguchi/platform';
import type { Office } from '../office/office';
import { OfficeDirectory } from '../office/office-directory';
import { OfficeDayRepository } from '../office/office-day.repository';
import { IdempotencyRepository } from './idempotency.repository';
import {
  issuedTicketView,
  type IssuedTicketView,
  ticketStatusView,
  type TicketStatusView,
} from './ticket.views';
import { idempotencyKeyHeader, type IssueTicketBody } from './tickets.schemas';

/** How long a retry waits for the first request with the same key to finish. */
const IN_PROGRESS_WAIT_MS = 5_000;
const IN_PROGRESS_POLL_MS = 25;

@Injectable()
export class TicketsService {
  private readonly logger = new Logger('Tickets');

  constructor(
    @Inject(OfficeDirectory) private readonly offices: OfficeDirectory,
    @Inject(OfficeDayRepository) private readonly days: OfficeDayRepository,
    @Inject(IdempotencyRepository) private readonly idempotency: IdempotencyRepository,
  ) {}

  /**
   * Issues a ticket. With an Idempotency-Key, a retried request (same key, same body) gets the first
   * request's ticket back and appends nothing; the same key with another body is refused.
   */
  async issue(
    officeId: string,
    body: IssueTicketBody,
    idempotencyKey: string | undefined,
    session: Session,
  ): Promise<IssuedTicketView> {
    const office = this.offices.get(officeId);
    // A kiosk token names the office the kiosk stands in; it prints tickets for that office only.
    if (session.claims.office !== undefined && session.claims.office !== office.id) {
      throw new ForbiddenException(`officeId: this kiosk belongs to office ${session.claims.office}`);
    }
    const actor = session.actor;
    if (idempotencyKey === undefined) return this.issueNow(office, body, actor);
    const key = parseField(idempotencyKeyHeader, idempotencyKey, 'Idempotency-Key');
    const fingerprint = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
    const replay = await this.claimOrReplay(office.id, key, fingerprint);
    if (replay) return replay;
    let ticket: IssuedTicketView;
    try {
      ticket = await this.issueNow(office, body, actor);
    } catch (error) {
      // Nothing was appended: a retry with the same key may try again.
      await this.idempotency.release(office.id, key).catch(() => undefined);
      throw error;
    }
    await this.idempotency.complete(office.id, key, fingerprint, ticket).catch((error: unknown) => {
      // The ticket exists; the claim keeps retries out until it expires.
      this.logger.warn(
        `idempotency answer not stored: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return ticket;
  }

  async status(officeId: string, date: CalendarDate, ticketNumber: string): Promise<TicketStatusView> {
    const office = this.offices.get(officeId);
    const day = await this.days.read(office.id, date);
    const ticket = day.state.tickets.find((candidate) => candidate.ticketNumber === ticketNumber);
    if (!ticket) throw new NotFoundException(`ticketNumber: no ticket ${ticketNumber} on ${date}`);
    return ticketStatusView(office, date, day.state, ticket);
  }

  private async issueNow(office: Office, body: IssueTicketBody, actor: Actor): Promise<IssuedTicketView> {
    const outcome = await this.days.execute(
      office,
      (now) => ({
        type: 'IssueTicket',
        data: {
          service: body.service,
          ...(body.applicant !== undefined && { applicant: body.applicant as ApplicantType }),
          ...(body.priority !== undefined && { priority: body.priority }),
        },
        metadata: { now, actor },
      }),
      actor,
    );
    if (!outcome.ok) throw new OfficeDayRefusalException(outcome.refusal);
    const issued = outcome.events[0]?.event;
    const ticket =
      issued?.type === 'TicketIssued'
        ? outcome.state.tickets.find((candidate) => candidate.ticketNumber === issued.data.ticketNumber)
        : undefined;
    if (!ticket) throw new Error('IssueTicket committed without a TicketIssued event');
    return issuedTicketView(office, outcome.date, outcome.state, ticket);
  }

  /** The earlier answer for this key, or undefined once this request holds the claim. */
  private async claimOrReplay(
    officeId: string,
    key: string,
    fingerprint: string,
  ): Promise<IssuedTicketView | undefined> {
    const deadline = performance.now() + IN_PROGRESS_WAIT_MS;
    for (;;) {
      let claimed: boolean;
      let record: Awaited<ReturnType<IdempotencyRepository['find']>>;
      try {
        claimed = await this.idempotency.claim(officeId, key, fingerprint);
        record = claimed ? undefined : await this.idempotency.find(officeId, key);
      } catch {
        throw new ServiceUnavailableException(
          'Idempotency-Key: the idempotency store does not answer; retry later',
        );
      }
      if (claimed) return undefined;
      if (record && record.fingerprint !== fingerprint) {
        throw new UnprocessableEntityException(
          'Idempotency-Key: this key was already used with a different request body',
        );
      }
      if (record?.state === 'done') return record.response as IssuedTicketView;
      if (performance.now() > deadline) {
        throw new ConflictException('Idempotency-Key: a request with this key is still in progress');
      }
      // The first request is still running (or was just released): look again shortly.
      await new Promise((resolve) => setTimeout(resolve, IN_PROGRESS_POLL_MS));
    }
  }
}
