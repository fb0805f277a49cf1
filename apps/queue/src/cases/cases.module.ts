import { type DynamicModule, Module } from '@nestjs/common';
import {
  CARD_GATEWAY_CLIENT_OPTIONS,
  CardGatewayClient,
  type CardGatewayClientOptions,
} from './case-gateway.client';
import { CaseCard } from './case-card';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CaseDirectoryRepository } from './directory/case-directory.repository';

/** PIN cases: the Case aggregate behind HTTP, and the card steps through the card gateway. */
@Module({})
export class CasesModule {
  static forRoot(options: CardGatewayClientOptions): DynamicModule {
    return {
      module: CasesModule,
      controllers: [CasesController],
      providers: [
        { provide: CARD_GATEWAY_CLIENT_OPTIONS, useValue: options },
        CardGatewayClient,
        CaseCard,
        CaseDirectoryRepository,
        CasesService,
      ],
    };
  }
}
