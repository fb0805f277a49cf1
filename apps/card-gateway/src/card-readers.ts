import { Logger } from '@nestjs/common';
import { SimulatedCard } from './card/simulator/card-model';
import { DEMO_CARDS } from './card/simulator/demo-cards';
import type { CardTransport } from './card/transport/card-transport';
import { PcscTransport } from './card/transport/pcsc-transport';
import { SimulatorTransport } from './card/transport/simulator-transport';
import type { CardGatewayConfig } from './card-gateway.config';
import type { CardFactsRepository } from './card-facts.repository';
import { CardService } from './card.service';

/**
 * Used when MY_NUMBER_HASH_KEY is not set outside production: hashes made with it are not secret, so they must
 * never be matched against hashes from a real deployment.
 */
const DEVELOPMENT_MY_NUMBER_HASH_KEY = new TextEncoder().encode(
  'madoguchi development key: NOT SECRET, never in production',
);

/**
 * The readers this gateway serves, each with its CardService. One per process today (READER_ID); the map is what
 * a pool of readers on one workstation would fill.
 */
export class CardReaders {
  private constructor(
    private readonly services: ReadonlyMap<string, CardService>,
    private readonly transports: ReadonlyMap<string, CardTransport>,
  ) {}

  /** Opens the configured driver. The PC/SC driver loads the optional `smartcard` package only here. */
  static async open(config: CardGatewayConfig, facts: CardFactsRepository): Promise<CardReaders> {
    const logger = new Logger(`card-gateway:${config.READER_ID}`);
    const transport: CardTransport =
      config.CARD_DRIVER === 'pcsc'
        ? await PcscTransport.open({ readerName: config.PCSC_READER_NAME, logger })
        : new SimulatorTransport(
            `Simulated reader (${config.READER_ID})`,
            new SimulatedCard(DEMO_CARDS[config.SIMULATED_CARD]),
          );
    let myNumberHashKey: Uint8Array;
    if (config.MY_NUMBER_HASH_KEY === undefined) {
      logger.warn(
        'MY_NUMBER_HASH_KEY is not set: using the development key, whose My Number hashes are not secret',
      );
      myNumberHashKey = DEVELOPMENT_MY_NUMBER_HASH_KEY;
    } else {
      myNumberHashKey = Uint8Array.from(Buffer.from(config.MY_NUMBER_HASH_KEY, 'hex'));
    }
    const service = new CardService({
      readerId: config.READER_ID,
      driver: config.CARD_DRIVER,
      transport,
      facts,
      myNumberHashKey,
      logger,
    });
    return new CardReaders(new Map([[config.READER_ID, service]]), new Map([[config.READER_ID, transport]]));
  }

  get(readerId: string): CardService | undefined {
    return this.services.get(readerId);
  }

  all(): CardService[] {
    return [...this.services.values()];
  }

  /** The driver of a reader: tests and demos insert, remove and swap simulated cards through it. */
  transportOf(readerId: string): CardTransport | undefined {
    return this.transports.get(readerId);
  }

  async start(): Promise<void> {
    await Promise.all(this.all().map((service) => service.start()));
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.all().map((service) => service.stop()));
    await Promise.allSettled([...this.transports.values()].map((transport) => transport.close()));
  }
}
