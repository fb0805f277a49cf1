import {
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import type { Actor } from '@madoguchi/domain';
import type { Role } from './roles';
import type { TokenClaims } from './session-token';

export const ROLES_METADATA = 'madoguchi:roles';
export const PUBLIC_METADATA = 'madoguchi:public';

/**
 * The roles that may use a route (on a handler, or on a controller for all its routes; the handler's
 * list wins). Lists are explicit, with no hierarchy: a route a supervisor may also use says
 * `@Roles('clerk', 'supervisor')`, so reading the route tells exactly who gets in.
 * A route with neither `@Roles` nor `@Public` is refused to everyone.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_METADATA, roles);

/** A route anyone may use without a token (health, sign-in). Where `@Roles` is also present, it wins. */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);

/** Who is calling, as the guard established it from the bearer token. */
export interface Session {
  actor: Actor;
  claims: TokenClaims;
}

const SESSION = Symbol('madoguchi:session');

export function attachSession(request: object, session: Session): void {
  (request as { [SESSION]?: Session })[SESSION] = session;
}

export function sessionOf(request: object): Session | undefined {
  return (request as { [SESSION]?: Session })[SESSION];
}

function requireSession(context: ExecutionContext): Session {
  const session = sessionOf(context.switchToHttp().getRequest<object>());
  // Only on a @Public route: every other route has passed the guard with a session.
  if (!session) throw new UnauthorizedException('a bearer token is required');
  return session;
}

/** The domain `Actor` of the caller: `{ kind: role, id: staff account or device id }`. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => requireSession(context).actor,
);

/** The whole session: the actor and the token's claims (role, office of a device, expiry). */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): Session =>
  requireSession(context),
);
