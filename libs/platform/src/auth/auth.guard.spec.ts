import { generateKeyPairSync } from 'node:crypto';
import { Controller, Get, type INestApplication, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Actor } from '@madoguchi/domain';
import { http } from '../../../../tests/support/http';
import { CurrentActor, Public, Roles } from './auth.decorators';
import type { DeviceTokenRevocations } from './auth.guard';
import { ClockModule } from '../clock';
import { AuthModule } from './auth.module';
import { TokenIssuer } from './session-token';
import { developmentTokenKeys } from './token-keys';

const keys = { ...developmentTokenKeys(), development: false };
const now = new Date('2026-04-01T09:00:00+09:00');
const clock = { now: () => now };
const issuer = new TokenIssuer(keys.privateKey);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const tokenFor = (role: 'clerk' | 'supervisor' | 'auditor', at = now) =>
  issuer.issue({ subject: `${role}-1`, role }, at).token;

@Controller('probe')
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { open: true };
  }

  @Get('counter')
  @Roles('clerk', 'supervisor')
  counter(@CurrentActor() actor: Actor) {
    return actor;
  }

  @Get('forgotten')
  forgotten() {
    return { reached: true };
  }

  @Get('kiosk')
  @Roles('kiosk')
  kiosk(@CurrentActor() actor: Actor) {
    return actor;
  }
}

@Controller('audit')
@Roles('auditor')
class AuditOnlyController {
  @Get()
  report() {
    return { report: true };
  }

  @Get('supervised')
  @Roles('supervisor')
  supervised() {
    return { supervised: true };
  }
}

const revoked = new Set<string>();

@Injectable()
class InMemoryRevocations implements DeviceTokenRevocations {
  isRevoked(deviceId: string): Promise<boolean> {
    return Promise.resolve(revoked.has(deviceId));
  }
}

async function appWith(deviceTokenRevocations?: typeof InMemoryRevocations): Promise<INestApplication> {
  @Module({
    imports: [
      ClockModule.forRoot({ nodeEnv: 'test', clock }),
      AuthModule.forRoot({ keys, ...(deviceTokenRevocations ? { deviceTokenRevocations } : {}) }),
    ],
    controllers: [ProbeController, AuditOnlyController],
  })
  class ProbeModule {}
  const app = await NestFactory.create(ProbeModule, { logger: false });
  await app.init();
  return app;
}

describe('AuthGuard: every route closed unless it names its roles', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith(InMemoryRevocations);
  });
  afterAll(() => app.close());

  it('lets anyone through a @Public route', async () => {
    await http(app).get('/probe/open').expect(200, { open: true });
  });

  it('answers 401 with a Bearer challenge when the token is missing, garbled, forged or expired', async () => {
    const missing = await http(app).get('/probe/counter').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="madoguchi"');
    expect(missing.body).toMatchObject({ statusCode: 401, message: 'a bearer token is required' });
    await http(app).get('/probe/counter').set({ Authorization: 'Basic abc' }).expect(401);
    await http(app).get('/probe/counter').set(bearer('garbage')).expect(401);
    const stranger = generateKeyPairSync('ed25519');
    const foreign = new TokenIssuer(stranger.privateKey).issue(
      { subject: 'x', role: 'supervisor' },
      now,
    ).token;
    await http(app).get('/probe/counter').set(bearer(foreign)).expect(401);
    const yesterday = new Date(now.getTime() - 24 * 3600 * 1000);
    const expired = await http(app)
      .get('/probe/counter')
      .set(bearer(tokenFor('clerk', yesterday)))
      .expect(401);
    expect(expired.body).toMatchObject({ message: 'the bearer token has expired' });
  });

  it('answers 403 to a valid token of a role not on the list', async () => {
    const response = await http(app)
      .get('/probe/counter')
      .set(bearer(tokenFor('auditor')))
      .expect(403);
    expect(response.body).toMatchObject({ statusCode: 403, message: 'role auditor may not do this' });
  });

  it('lets listed roles in and hands the route its domain actor (a supervisor only where listed)', async () => {
    await http(app)
      .get('/probe/counter')
      .set(bearer(tokenFor('clerk')))
      .expect(200, { kind: 'clerk', id: 'clerk-1' });
    await http(app)
      .get('/probe/counter')
      .set(bearer(tokenFor('supervisor')))
      .expect(200, { kind: 'supervisor', id: 'supervisor-1' });
  });

  it('refuses a route without @Roles or @Public to everyone, even a supervisor', async () => {
    await http(app).get('/probe/forgotten').expect(401);
    const response = await http(app)
      .get('/probe/forgotten')
      .set(bearer(tokenFor('supervisor')))
      .expect(403);
    expect(response.body).toMatchObject({ message: 'this route is open to no role' });
  });

  it('applies a controller-level @Roles to its routes, a handler-level one overriding it', async () => {
    await http(app)
      .get('/audit')
      .set(bearer(tokenFor('auditor')))
      .expect(200);
    await http(app)
      .get('/audit')
      .set(bearer(tokenFor('supervisor')))
      .expect(403);
    await http(app)
      .get('/audit/supervised')
      .set(bearer(tokenFor('supervisor')))
      .expect(200);
    await http(app)
      .get('/audit/supervised')
      .set(bearer(tokenFor('auditor')))
      .expect(403);
  });

  it('checks every device token against the registry: a revoked device gets 401', async () => {
    const device = issuer.issue({ subject: 'kiosk-7', role: 'kiosk', office: 'atsugi' }, now).token;
    await http(app).get('/probe/kiosk').set(bearer(device)).expect(200, { kind: 'kiosk', id: 'kiosk-7' });
    await http(app).get('/probe/counter').set(bearer(device)).expect(403);
    revoked.add('kiosk-7');
    const response = await http(app).get('/probe/kiosk').set(bearer(device)).expect(401);
    expect(response.body).toMatchObject({ message: 'the device token is revoked' });
  });
});

describe('AuthGuard in a service without a device registry (audit)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith();
  });
  afterAll(() => app.close());

  it('refuses device tokens, since it cannot tell whether they were revoked', async () => {
    const device = issuer.issue({ subject: 'kiosk-8', role: 'kiosk', office: 'atsugi' }, now).token;
    const response = await http(app).get('/probe/kiosk').set(bearer(device)).expect(401);
    expect(response.body).toMatchObject({ message: 'device tokens are not accepted here' });
    await http(app)
      .get('/probe/counter')
      .set(bearer(tokenFor('clerk')))
      .expect(200);
  });
});
