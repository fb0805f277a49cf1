import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, UseFilters } from '@nestjs/common';
import { CurrentSession, Public, Roles, type Session } from '@madoguchi/platform';
import { SessionService, type StaffSession } from './session.service';
import { StaffErrorFilter } from './staff.errors';
import { type LoginInput, loginBody } from './staff.inputs';
import { ZodValidationPipe } from './zod-validation.pipe';

@Controller('auth')
@UseFilters(StaffErrorFilter)
export class AuthController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  /** 200 with a session token; 401 alike for an unknown login and a wrong password; 429 when locked. */
  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  login(@Body(new ZodValidationPipe(loginBody)) input: LoginInput): Promise<StaffSession> {
    return this.sessions.login(input);
  }

  /** Who the bearer of this token is: any staff member or device may ask. */
  @Get('session')
  @Roles('clerk', 'supervisor', 'auditor', 'kiosk', 'display')
  session(@CurrentSession() { actor, claims }: Session) {
    return {
      actor,
      kind: claims.kind,
      officeId: claims.office,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    };
  }
}
