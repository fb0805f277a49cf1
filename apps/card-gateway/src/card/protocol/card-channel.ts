import type { LoggerService } from '@nestjs/common';
import type { CardSession } from '../transport/card-transport';
import { PIN_CARRYING_INS } from './apdu';
import { traceCommand, traceResponse } from './apdu-trace';
import { type CardAnswer, type CardCommand, interpretAnswer } from './status-word';

/**
 * One exclusive session seen by the protocol: sends a command, traces it with the PIN masked, reads the status
 * word for that command, and zeroes a command that carried a PIN as soon as the card has had it.
 */
export class CardChannel {
  constructor(
    private readonly session: CardSession,
    private readonly logger: LoggerService,
  ) {}

  async send(command: CardCommand, apdu: Uint8Array): Promise<CardAnswer> {
    this.logger.debug?.(`> ${traceCommand(apdu)}`);
    try {
      const response = await this.session.transmit(apdu);
      this.logger.debug?.(`< ${traceResponse(response)}`);
      return interpretAnswer(command, response);
    } finally {
      if (PIN_CARRYING_INS.has(apdu[1] ?? -1)) apdu.fill(0);
    }
  }
}
