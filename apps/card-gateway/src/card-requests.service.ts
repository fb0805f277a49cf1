import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  CardGatewayError,
  CardOperation,
  CardReply,
  CardRequest,
  ChangeRequest,
  ReadersReply,
  ReadInfoRequest,
  ResetRecordedRequest,
  VerifyRequest,
} from '@madoguchi/domain';
import { parseCardRequest, parseReadersRequest } from './card-requests';
import { CardReaders } from './card-readers';
import type { CardService } from './card.service';

/** Request fields that may hold a PIN: removed from the request objects once the operation is over. */
const PIN_FIELDS = ['pin', 'oldPin', 'newPin', 'oldPins'] as const;

/**
 * Between the NATS handlers and the readers: validates each request at the edge (nothing reaches a card for an
 * invalid one), routes it to its reader, and turns anything unforeseen into a `card-error` reply with a
 * correlation id in the log, never a crash or a stack trace in the reply.
 */
@Injectable()
export class CardRequestsService {
  private readonly logger = new Logger(CardRequestsService.name);

  constructor(@Inject(CardReaders) private readonly readers: CardReaders) {}

  async handle<Operation extends CardOperation>(
    readerId: string,
    operation: Operation,
    payload: unknown,
  ): Promise<CardReply<Operation>> {
    let parsed: ReturnType<typeof parseCardRequest<Operation>> | undefined;
    try {
      const service = this.readers.get(readerId);
      if (!service) {
        return failure(operation, {
          code: 'unknown-reader',
          readerId,
          message: `this gateway does not serve reader ${readerId}`,
        });
      }
      parsed = parseCardRequest(operation, payload);
      if (!parsed.ok) return failure(operation, parsed.error);
      return await dispatch(service, operation, parsed.request);
    } catch (error) {
      const correlationId = randomUUID();
      this.logger.error(
        `${operation} on reader ${readerId} failed unexpectedly (correlation id ${correlationId}): ${
          error instanceof Error ? (error.stack ?? error.message) : String(error)
        }`,
      );
      return failure(operation, {
        code: 'card-error',
        message: `the gateway failed unexpectedly (correlation id ${correlationId}); read the card's status before going on`,
      });
    } finally {
      forgetPins(payload);
      if (parsed?.ok) forgetPins(parsed.request);
    }
  }

  listReaders(payload: unknown): ReadersReply {
    const parsed = parseReadersRequest(payload);
    if (!parsed.ok) return parsed;
    return { ok: true, readers: this.readers.all().map((service) => service.summary()) };
  }
}

function dispatch<Operation extends CardOperation>(
  service: CardService,
  operation: Operation,
  request: CardRequest<Operation>,
): Promise<CardReply<Operation>> {
  switch (operation) {
    case 'status':
      return service.status(request);
    case 'verify':
      return service.verify(request as VerifyRequest);
    case 'change':
      return service.change(request as ChangeRequest);
    case 'reset-recorded':
      return service.resetRecorded(request as ResetRecordedRequest);
    case 'read-info':
      return service.readInfo(request as ReadInfoRequest);
  }
}

/** A change reply always says which PINs changed: here, none. */
function failure<Operation extends CardOperation>(
  operation: Operation,
  error: CardGatewayError,
): CardReply<Operation> {
  const reply =
    operation === 'change'
      ? { ok: false as const, error, changed: [], notAttempted: [] }
      : { ok: false as const, error };
  return reply;
}

/**
 * JavaScript cannot wipe a string, but it can let go of it: the request objects (the one NATS delivered and the
 * parsed copy) drop their PIN fields as soon as the operation is over, so no later reference keeps them alive.
 */
function forgetPins(request: unknown): void {
  if (typeof request !== 'object' || request === null) return;
  for (const field of PIN_FIELDS) {
    if (Object.hasOwn(request, field)) delete (request as Record<string, unknown>)[field];
  }
}
