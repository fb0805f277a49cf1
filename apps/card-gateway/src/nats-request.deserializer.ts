import { randomUUID } from 'node:crypto';
import type { Msg } from '@nats-io/transport-node';
import type { ConsumerDeserializer, IncomingEvent, IncomingRequest } from '@nestjs/microservices';
import { NOT_JSON } from './card-requests';

/**
 * How the gateway reads an incoming NATS message, in place of Nest's JSON deserializer:
 * - the message bytes are zeroed once decoded (a request may carry a PIN);
 * - a body that is not JSON reaches the handler as `NOT_JSON` and is answered `invalid-request`, where Nest's
 *   own deserializer would log the parser's error, whose text quotes the start of the body;
 * - a plain NATS request (no Nest envelope) is answered too, under an id of its own;
 * - a message without a reply subject is refused: Nest would run the handler as an event, so a fire-and-forget
 *   publish could spend a PIN try with nobody to hear the result.
 */
export class NatsRequestDeserializer implements ConsumerDeserializer {
  deserialize(
    message: Msg,
    options?: { channel?: string; replyTo?: string },
  ): IncomingRequest | IncomingEvent {
    const channel = options?.channel ?? message.subject;
    let body: unknown;
    try {
      body = message.data.length === 0 ? undefined : message.json();
    } catch {
      body = NOT_JSON;
    } finally {
      message.data.fill(0);
    }
    if (!message.reply) {
      throw new Error(
        `ignored a message on ${message.subject} without a reply subject: requests need a requester`,
      );
    }
    if (isNestEnvelope(body)) {
      const id = typeof body.id === 'string' && body.id.length > 0 ? body.id : randomUUID();
      return { id, pattern: channel, data: body.data };
    }
    return { id: randomUUID(), pattern: channel, data: body };
  }
}

function isNestEnvelope(body: unknown): body is { id?: unknown; pattern?: unknown; data?: unknown } {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    (Object.hasOwn(body, 'pattern') || Object.hasOwn(body, 'data'))
  );
}
