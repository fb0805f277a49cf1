import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@madoguchi/domain';
import { actorOfClaims, type Clock, CLOCK, type StaffRole, TokenIssuer } from '@madoguchi/platform';
import { LoginAttempts } from './login-attempts';
import { PasswordHasher } from './password-hasher';
import { StaffError } from './staff.errors';
import type { LoginInput } from './staff.inputs';
import { StaffRepository } from './staff.repository';

export interface StaffSession {
  token: string;
  expiresAt: string;
  actor: Actor;
  role: StaffRole;
  displayName: string;
}

/** Sign-in: a password for a session token. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(StaffRepository) private readonly staff: StaffRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(LoginAttempts) private readonly attempts: LoginAttempts,
    @Inject(TokenIssuer) private readonly issuer: TokenIssuer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login({ login, password }: LoginInput): Promise<StaffSession> {
    const lockedFor = await this.attempts.lockedFor(login);
    if (lockedFor > 0) {
      throw new StaffError('too-many-attempts', 'too many failed sign-ins: try again later', lockedFor);
    }
    const account = await this.staff.findCredentials(login);
    // Unknown, inactive and wrong password: the same work, the same answer.
    const valid = account
      ? (await this.hasher.verify(password, account.passwordHash)) && account.active
      : await this.hasher.verifyNothing(password);
    if (!account || !valid) {
      await this.attempts.recordFailure(login);
      throw new StaffError('invalid-credentials', 'unknown login or wrong password');
    }
    await this.attempts.clear(login);
    const { token, claims } = this.issuer.issue(
      { subject: account.id, role: account.role },
      this.clock.now(),
    );
    return {
      token,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      actor: actorOfClaims(claims),
      role: account.role,
      displayName: account.displayName,
    };
  }
}
