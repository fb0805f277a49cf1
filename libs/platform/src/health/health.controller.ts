import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { checkHealth, HEALTH_PROBES, type HealthProbe, type HealthReport } from './health';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** `GET /health`: 200 when every dependency answers, 503 naming the one that does not. Public. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(HEALTH_PROBES) private readonly probes: HealthProbe[],
  ) {}

  @Get()
  @Public()
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await checkHealth(this.service, this.probes);
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
