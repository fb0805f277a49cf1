import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CARD_GATEWAY_SUBJECTS } from '@madoguchi/domain';
import {
  checkHealth,
  HEALTH_PROBES,
  type HealthProbe,
  type HealthReport,
  SERVICE_NAME,
} from '@madoguchi/platform';

/** Answers `card-gateway.health` requests, the NATS counterpart of the HTTP apps' `GET /health`. */
@Controller()
export class HealthHandler {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(HEALTH_PROBES) private readonly probes: HealthProbe[],
  ) {}

  @MessagePattern(CARD_GATEWAY_SUBJECTS.health)
  health(): Promise<HealthReport> {
    return checkHealth(this.service, this.probes);
  }
}
