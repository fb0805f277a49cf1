import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimitRepository } from './rate-limit.repository';

export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');

export interface RateLimitOptions {
  /** Requests one client may make to one public route per window. */
  limit: number;
  windowSeconds: number;
}

/**
 * Limits each client (by address) on each public route, across replicas. When Redis does not answer the
 * request goes through: a counter that cannot count should not shut residents out of their ticket status.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly logger = new Logger('RateLimit');

  constructor(
    @Inject(RateLimitRepository) private readonly counters: RateLimitRepository,
    @Inject(RATE_LIMIT_OPTIONS) private readonly options: RateLimitOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    let hit: { count: number; resetsInMs: number };
    try {
      hit = await this.counters.hit(`${route}:${request.ip ?? 'unknown'}`, this.options.windowSeconds);
    } catch (error) {
      this.logger.warn(`rate limit not applied: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
    const resetSeconds = Math.ceil(hit.resetsInMs / 1000);
    response.setHeader('RateLimit-Limit', this.options.limit);
    response.setHeader('RateLimit-Remaining', Math.max(0, this.options.limit - hit.count));
    response.setHeader('RateLimit-Reset', resetSeconds);
    if (hit.count <= this.options.limit) return true;
    response.setHeader('Retry-After', resetSeconds);
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `too many requests; retry after ${resetSeconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** Marks a public route as rate limited (per client, per route, Redis-backed). */
export const PublicRateLimit = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseGuards(PublicRateLimitGuard));
