import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CARD_GATEWAY_READERS_SUBJECT,
  type CardOperation,
  cardOperationSubject,
  type ChangeReply,
  type ReadersReply,
  type ReadInfoReply,
  type ResetRecordedReply,
  type StatusReply,
  type VerifyReply,
} from '@madoguchi/domain';
import { CardRequestsService } from './card-requests.service';

/**
 * The handlers of one reader's subjects, `card.<readerId>.<operation>`. The reader is known only from the
 * configuration, so the class is made at module set-up with its subjects filled in. Handlers only delegate.
 */
export function cardRequestsHandlerFor(readerId: string): Type<unknown> {
  const subject = (operation: CardOperation) => cardOperationSubject(readerId, operation);

  @Controller()
  class CardRequestsHandler {
    constructor(@Inject(CardRequestsService) private readonly requests: CardRequestsService) {}

    @MessagePattern(subject('status'))
    status(@Payload() payload: unknown): Promise<StatusReply> {
      return this.requests.handle(readerId, 'status', payload);
    }

    @MessagePattern(subject('verify'))
    verify(@Payload() payload: unknown): Promise<VerifyReply> {
      return this.requests.handle(readerId, 'verify', payload);
    }

    @MessagePattern(subject('change'))
    change(@Payload() payload: unknown): Promise<ChangeReply> {
      return this.requests.handle(readerId, 'change', payload);
    }

    @MessagePattern(subject('reset-recorded'))
    resetRecorded(@Payload() payload: unknown): Promise<ResetRecordedReply> {
      return this.requests.handle(readerId, 'reset-recorded', payload);
    }

    @MessagePattern(subject('read-info'))
    readInfo(@Payload() payload: unknown): Promise<ReadInfoReply> {
      return this.requests.handle(readerId, 'read-info', payload);
    }
  }
  return CardRequestsHandler;
}

/** `card-gateway.readers`: each reader's gateway answers once (one queue group per reader). */
@Controller()
export class ReadersHandler {
  constructor(@Inject(CardRequestsService) private readonly requests: CardRequestsService) {}

  @MessagePattern(CARD_GATEWAY_READERS_SUBJECT)
  readers(@Payload() payload: unknown): ReadersReply {
    return this.requests.listReaders(payload);
  }
}
