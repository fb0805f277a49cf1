import { randomUUID } from 'node:crypto';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type CardOperation,
  type CardReply,
  type CardRequest,
  cardOperationSubject,
} from '@madoguchi/domain';
import { NATS_CONNECTION } from '@madoguchi/platform';

export const CARD_GATEWAY_CLIENT_OPTIONS = Symbol('CARD_GATEWAY_CLIENT_OPTIONS');

export interface CardGatewayClientOptions {
  /** NATS_SUBJECT_PREFIX: the gateway listens under the same prefix. */
  subjectPrefix: string;
  /** A PIN change through PC/SC takes well under a second; more than this means the gateway is gone. */
  timeoutMs: number;
}

/** Nest's NATS transport answers `{ id, response }` or `{ id, err }`. */
interface NestReply<Reply> {
  id: string;
  response?: Reply;
  err?: unknown;
}

/**
 * Asks the card gateway beside a clerk's reader to do one card operation (NATS request-reply). PINs
 * travel in this request only: they are not kept, logged or put in any event by the queue.
 */
@Injectable()
export class CardGatewayClient {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(CARD_GATEWAY_CLIENT_OPTIONS) private readonly options: CardGatewayClientOptions,
  ) {}

  async request<Operation extends CardOperation>(
    readerId: string,
    operation: Operation,
    request: CardRequest<Operation>,
  ): Promise<CardReply<Operation>> {
    const subject = `${this.options.subjectPrefix}${cardOperationSubject(readerId, operation)}`;
    const packet = JSON.stringify({
      pattern: cardOperationSubject(readerId, operation),
      data: request,
      id: randomUUID(),
    });
    let reply: NestReply<CardReply<Operation>>;
    try {
      const message = await this.nats.request(subject, packet, { timeout: this.options.timeoutMs });
      reply = message.json<NestReply<CardReply<Operation>>>();
    } catch {
      // No responder or no answer in time: the reader's gateway is not running. For a verify or change
      // the card may still have acted, which is why the clerk reads the counters again before retrying.
      throw new ServiceUnavailableException(`readerId: no card gateway answers for reader ${readerId}`);
    }
    if (reply.response === undefined) {
      throw new ServiceUnavailableException(`readerId: the card gateway of reader ${readerId} failed`);
    }
    return reply.response;
  }
}
