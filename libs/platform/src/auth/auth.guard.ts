import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { type Clock, CLOCK } from '../clock';
import { attachSession, PUBLIC_METADATA, ROLES_METADATA } from './auth.decorators';
import type { Role } from './roles';
import { actorOfClaims, type TokenClaims, type TokenRejection, TokenVerifier } from './session-token';

export const DEVICE_TOKEN_REVOCATIONS = Symbol('DEVICE_TOKEN_REVOCATIONS');

/**
 * Device tokens live for months, so each use is checked against the device registry. A service that
 * has no registry (audit) provides none and refuses device tokens altogether.
 */
export interface DeviceTokenRevocations {
  /** True unless the device exists, is not revoked, and `tokenId` is its current token. */
  isRevoked(deviceId: string, tokenId: string): Promise<boolean>;
}

const REJECTIONS: Record<TokenRejection, string> = {
  malformed: 'the bearer token is not valid',
  'bad-signature': 'the bearer token is not valid',
  expired: 'the bearer token has expired',
  'not-yet-valid': 'the bearer token is not valid yet',
};

const BEARER = /^Bearer ([^\s]+)$/i;

/**
 * The global guard: reads `Authorization: Bearer <token>` and enforces `@Roles(...)`. Routes are closed
 * unless they say otherwise: `@Public()` opens one, and a route with neither decorator is refused.
 * 401 when the token is missing, invalid, expired or revoked; 403 when its role is not on the list.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(DEVICE_TOKEN_REVOCATIONS) private readonly revocations?: DeviceTokenRevocations,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Bearer tokens are an HTTP matter; NATS handlers sit behind the broker's own access control.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets);
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_METADATA, targets);
    if (isPublic && !roles) return true;

    const http = context.switchToHttp();
    const claims = await this.authenticate(http.getRequest<Request>(), http.getResponse<Response>());
    if (!roles || roles.length === 0) throw new ForbiddenException('this route is open to no role');
    if (!roles.includes(claims.role)) throw new ForbiddenException(`role ${claims.role} may not do this`);
    attachSession(http.getRequest<Request>(), { actor: actorOfClaims(claims), claims });
    return true;
  }

  private async authenticate(request: Request, response: Response): Promise<TokenClaims> {
    const refuse = (message: string): never => {
      response.setHeader('WWW-Authenticate', 'Bearer realm="madoguchi"');
      throw new UnauthorizedException(message);
    };
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) return refuse('a bearer token is required');
    const verification = this.verifier.verify(match[1], this.clock.now());
    if (!verification.ok) return refuse(REJECTIONS[verification.reason]);
    const { claims } = verification;
    if (claims.kind === 'device') {
      if (!this.revocations) return refuse('device tokens are not accepted here');
      if (await this.revocations.isRevoked(claims.sub, claims.jti))
        return refuse('the device token is revoked');
    }
    return claims;
  }
}
