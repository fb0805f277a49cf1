import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { createHttpApp, DATA_SOURCE, TokenIssuer } from '@madoguchi/platform';
import type { DataSource } from 'typeorm';
import { testClock } from '../../apps/queue/src/office/testing/queue-test-harness';
import { loadQueueConfig } from '../../apps/queue/src/queue.config';
import { QueueModule } from '../../apps/queue/src/queue.module';
import { StaffService } from '../../apps/queue/src/staff/staff.service';
import { http } from '../support/http';
import { deleteStream } from '../support/jetstream';
import { createTestDatabase } from '../support/test-database';
import { testEnvironment } from '../support/test-environment';

/** A route someone forgot to give roles: the guard must close it. */
@Controller('forgotten')
class ForgottenController {
  @Get()
  reached() {
    return { reached: true };
  }
}

const clock = testClock();

async function startQueue(env: Record<string, string>): Promise<INestApplication> {
  const config = loadQueueConfig(env);
  @Module({ imports: [QueueModule.forRoot(config, { clock })], controllers: [ForgottenController] })
  class QueueWithForgottenRoute {}
  const app = await createHttpApp(QueueWithForgottenRoute, 'queue', config);
  await app.init();
  return app;
}

const fresh = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const PASSWORD = `pw-${randomBytes(9).toString('base64url')}`;

describe('staff and devices: sign-in, roles and device tokens (queue over HTTP)', () => {
  let env: Record<string, string>;
  let app: INestApplication;
  let supervisor: { login: string; token: string };
  // Everything the app prints, to show that no password ever reaches a log line.
  const printed: string[] = [];

  function login(loginName: string, password: string) {
    return http(app).post('/auth/login').send({ login: loginName, password });
  }

  async function createClerk(role: 'clerk' | 'auditor' | 'supervisor' = 'clerk') {
    const account = { login: fresh(role), displayName: '窓口 花子', role, password: PASSWORD };
    await http(app).post('/staff').set(bearer(supervisor.token)).send(account).expect(201);
    const response = await login(account.login, PASSWORD).expect(200);
    return { ...account, token: (response.body as { token: string }).token };
  }

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
    }
    env = { ...testEnvironment(), LOG_LEVEL: 'verbose' };
    app = await startQueue(env);
    const supervisorLogin = fresh('supervisor');
    await app
      .get(StaffService)
      .createStaff(
        { login: supervisorLogin, displayName: '課長', role: 'supervisor', password: PASSWORD },
        { kind: 'system', id: 'e2e' },
      );
    const response = await login(supervisorLogin, PASSWORD).expect(200);
    supervisor = { login: supervisorLogin, token: (response.body as { token: string }).token };
  });

  afterAll(async () => {
    await app?.close();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    jest.restoreAllMocks();
  });

  describe('POST /auth/login', () => {
    it('answers a session token for the right password, valid for a working day', async () => {
      const response = await login(supervisor.login, PASSWORD).expect(200);
      const body = response.body as { token: string; expiresAt: string; actor: unknown; role: string };
      expect(body).toMatchObject({ role: 'supervisor', displayName: '課長', actor: { kind: 'supervisor' } });
      expect(body.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const hours = (Date.parse(body.expiresAt) - clock.now().getTime()) / 3_600_000;
      expect(hours).toBeGreaterThan(9.9);
      expect(hours).toBeLessThanOrEqual(10);
    });

    it('accepts the login in any case', async () => {
      await login(supervisor.login.toUpperCase(), PASSWORD).expect(200);
    });

    it('gives the same 401 for a wrong password and an unknown login', async () => {
      const wrongPassword = await login(supervisor.login, `${PASSWORD}x`).expect(401);
      const unknownLogin = await login(fresh('nobody'), PASSWORD).expect(401);
      expect(wrongPassword.body).toEqual(unknownLogin.body);
      expect(wrongPassword.body).toEqual({
        statusCode: 401,
        code: 'invalid-credentials',
        message: 'unknown login or wrong password',
      });
    });

    it('locks a login for a while after 5 failures, even for the right password', async () => {
      const clerk = await createClerk();
      for (let attempt = 0; attempt < 5; attempt++) await login(clerk.login, 'not the password').expect(401);
      const locked = await login(clerk.login, PASSWORD).expect(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.body).toMatchObject({ code: 'too-many-attempts' });
      // Others are not affected.
      await login(supervisor.login, PASSWORD).expect(200);
    });

    it('answers 400 naming the field for bad input, never echoing it', async () => {
      const response = await http(app)
        .post('/auth/login')
        .send({ login: 42, password: PASSWORD, extra: true })
        .expect(400);
      const { message } = response.body as { message: string };
      expect(message).toMatch(/^login: /);
      expect(message).toMatch(/extra/);
      expect(JSON.stringify(response.body)).not.toContain(PASSWORD);
      await http(app)
        .post('/auth/login')
        .send({ login: supervisor.login })
        .expect(400, /password/);
      await http(app)
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"login":')
        .expect(400);
    });
  });

  describe('the guard on every route', () => {
    it('answers 401 without a token, with a garbled one and with an expired one', async () => {
      await http(app).post('/staff').send({}).expect(401);
      await http(app).post('/staff').set(bearer('not.a-token')).send({}).expect(401);
      const session = (await http(app).get('/auth/session').set(bearer(supervisor.token)).expect(200))
        .body as {
        actor: { id: string };
      };
      const elevenHoursAgo = new Date(clock.now().getTime() - 11 * 3_600_000);
      const { token } = app
        .get(TokenIssuer)
        .issue({ subject: session.actor.id, role: 'supervisor' }, elevenHoursAgo);
      const response = await http(app).get('/auth/session').set(bearer(token)).expect(401);
      expect(response.body).toMatchObject({ message: 'the bearer token has expired' });
    });

    it('answers 403 to a role the route does not list', async () => {
      const clerk = await createClerk();
      const account = { login: fresh('clerk'), displayName: 'x', role: 'clerk', password: PASSWORD };
      const response = await http(app).post('/staff').set(bearer(clerk.token)).send(account).expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, message: 'role clerk may not do this' });
      await http(app)
        .post('/devices')
        .set(bearer(clerk.token))
        .send({ kind: 'kiosk', officeId: 'atsugi', label: 'x' })
        .expect(403);
    });

    it('denies a route that declares no roles, to a supervisor too', async () => {
      await http(app).get('/forgotten').expect(401);
      await http(app).get('/forgotten').set(bearer(supervisor.token)).expect(403);
    });

    it('keeps GET /health public', async () => {
      await http(app).get('/health').expect(200);
    });
  });

  describe('POST /staff', () => {
    it('lets a supervisor create a clerk, who can then sign in; the supervisor is recorded as actor', async () => {
      const account = { login: fresh('Clerk'), displayName: '窓口 太郎', role: 'clerk', password: PASSWORD };
      const created = await http(app).post('/staff').set(bearer(supervisor.token)).send(account).expect(201);
      const body = created.body as Record<string, unknown>;
      expect(body).toMatchObject({
        login: account.login.toLowerCase(),
        displayName: '窓口 太郎',
        role: 'clerk',
      });
      expect(Object.keys(body)).not.toContain('password');
      expect(JSON.stringify(body)).not.toMatch(/scrypt|pw-/);

      const signedIn = await login(account.login, PASSWORD).expect(200);
      const session = await http(app)
        .get('/auth/session')
        .set(bearer((signedIn.body as { token: string }).token))
        .expect(200);
      expect(session.body).toMatchObject({ actor: { kind: 'clerk', id: body.id }, kind: 'staff' });

      const supervisorSession = (await http(app).get('/auth/session').set(bearer(supervisor.token))).body as {
        actor: unknown;
      };
      const [row] = await app
        .get<DataSource>(DATA_SOURCE)
        .query<{ created_by: unknown; password_hash: string }[]>(
          `SELECT created_by, password_hash FROM staff_accounts WHERE id = $1`,
          [body.id],
        );
      expect(row?.created_by).toEqual(supervisorSession.actor);
      expect(row?.password_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    });

    it('creates auditors and supervisors too', async () => {
      const auditor = await createClerk('auditor');
      await http(app)
        .get('/auth/session')
        .set(bearer(auditor.token))
        .expect(200, /"kind":"auditor"/);
      const deputy = await createClerk('supervisor');
      await http(app)
        .post('/devices')
        .set(bearer(deputy.token))
        .send({ kind: 'display', officeId: 'atsugi', label: 'Hall screen' })
        .expect(201);
    });

    it('answers 409 for a login that is taken, whatever its case', async () => {
      const clerk = await createClerk();
      const again = { login: clerk.login.toUpperCase(), displayName: 'x', role: 'clerk', password: PASSWORD };
      const response = await http(app).post('/staff').set(bearer(supervisor.token)).send(again).expect(409);
      expect(response.body).toMatchObject({ code: 'login-taken' });
    });

    it('answers 400 naming each bad field', async () => {
      const response = await http(app)
        .post('/staff')
        .set(bearer(supervisor.token))
        .send({ login: fresh('x'), displayName: '', role: 'kiosk', password: 'short' })
        .expect(400);
      const fields = (response.body as { issues: { field: string }[] }).issues.map((issue) => issue.field);
      expect(fields.sort()).toEqual(['displayName', 'password', 'role']);
      expect(JSON.stringify(response.body)).not.toContain('short');
    });
  });

  describe('devices', () => {
    it('registers a kiosk with a token that works until the device is revoked', async () => {
      const registered = await http(app)
        .post('/devices')
        .set(bearer(supervisor.token))
        .send({ kind: 'kiosk', officeId: 'atsugi', label: '入口 キオスク 1' })
        .expect(201);
      const device = registered.body as { id: string; token: string; expiresAt: string; revokedAt: unknown };
      expect(device).toMatchObject({
        kind: 'kiosk',
        officeId: 'atsugi',
        label: '入口 キオスク 1',
        revokedAt: null,
      });
      expect(Date.parse(device.expiresAt) - clock.now().getTime()).toBeGreaterThan(300 * 86_400_000);

      const session = await http(app).get('/auth/session').set(bearer(device.token)).expect(200);
      expect(session.body).toMatchObject({
        actor: { kind: 'kiosk', id: device.id },
        kind: 'device',
        officeId: 'atsugi',
      });
      await http(app).post('/devices').set(bearer(device.token)).send({}).expect(403);

      await http(app).delete(`/devices/${device.id}`).set(bearer(supervisor.token)).expect(204);
      const refused = await http(app).get('/auth/session').set(bearer(device.token)).expect(401);
      expect(refused.body).toMatchObject({ message: 'the device token is revoked' });
      // Revoking twice changes nothing.
      await http(app).delete(`/devices/${device.id}`).set(bearer(supervisor.token)).expect(204);
    });

    it('answers 404 for an unknown device and 400 for an id that is not one', async () => {
      const unknown = await http(app)
        .delete(`/devices/${randomUUID()}`)
        .set(bearer(supervisor.token))
        .expect(404);
      expect(unknown.body).toMatchObject({ code: 'device-not-found' });
      const bad = await http(app).delete('/devices/1%20OR%201=1').set(bearer(supervisor.token)).expect(400);
      expect((bad.body as { message: string }).message).toMatch(/^id: /);
    });

    it('answers 400 naming the field for a bad registration', async () => {
      const response = await http(app)
        .post('/devices')
        .set(bearer(supervisor.token))
        .send({ kind: 'clerk', officeId: 'Atsugi City', label: 'x' })
        .expect(400);
      const fields = (response.body as { issues: { field: string }[] }).issues.map((issue) => issue.field);
      expect(fields.sort()).toEqual(['kind', 'officeId']);
    });
  });

  describe('after all of the above', () => {
    it('printed no password in any log line (the app logs at verbose level here)', () => {
      expect(printed.join('')).toMatch(/Mapped \{\/auth\/login, POST\} route/);
      expect(printed.join('')).not.toContain(PASSWORD);
    });
  });
});

describe('npm run staff:create-supervisor', () => {
  const root = join(__dirname, '..', '..');

  function run(args: string[], extraEnv: Record<string, string>, stdin = '') {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const { STAFF_PASSWORD: _inherited, ...inherited } = process.env;
      const child = spawn('npm', ['run', '--silent', 'staff:create-supervisor', '--', ...args], {
        cwd: root,
        env: { ...inherited, NODE_ENV: 'test', ...extraEnv },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  it('creates the first supervisor of a fresh database, refuses a second unless forced', async () => {
    const database = await createTestDatabase();
    const env: Record<string, string> = { ...testEnvironment(), DATABASE_URL: database.url };
    let app: INestApplication | undefined;
    try {
      const first = fresh('chief');
      const created = await run(['--login', first, '--name', '市民課長'], {
        DATABASE_URL: database.url,
        STAFF_PASSWORD: PASSWORD,
      });
      expect(created).toMatchObject({ code: 0, stderr: '' });
      expect(created.stdout).toMatch(new RegExp(`^created supervisor ${first} \\([0-9a-f-]{36}\\)\\n$`));

      const second = fresh('deputy');
      const refused = await run(['--login', second, '--name', '副課長'], {
        DATABASE_URL: database.url,
        STAFF_PASSWORD: PASSWORD,
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/a supervisor exists already \(use --force/);

      // The password on stdin this time, as an operator would type or pipe it.
      const forced = await run(
        ['--login', second, '--name', '副課長', '--force'],
        { DATABASE_URL: database.url },
        `${PASSWORD}\n`,
      );
      expect(forced).toMatchObject({ code: 0, stderr: '' });

      const usage = await run(['--login', 'x', '--bogus'], { DATABASE_URL: database.url });
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/Unknown option '--bogus'/);

      for (const output of [created, refused, forced, usage]) {
        expect(output.stdout + output.stderr).not.toContain(PASSWORD);
      }

      app = await startQueue(env);
      for (const login of [first, second]) {
        const response = await http(app).post('/auth/login').send({ login, password: PASSWORD }).expect(200);
        expect(response.body).toMatchObject({ role: 'supervisor' });
      }
    } finally {
      await app?.close();
      await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
      await database.drop();
    }
  }, 60_000);
});
