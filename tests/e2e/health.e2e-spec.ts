import { type INestApplication, type INestMicroservice } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { http } from '../support/http';
import { createHttpApp, type HealthReport } from '@madoguchi/platform';
import { CARD_GATEWAY_SUBJECTS } from '@madoguchi/domain';
import { loadQueueConfig } from '../../apps/queue/src/queue.config';
import { QueueModule } from '../../apps/queue/src/queue.module';
import { loadAuditConfig } from '../../apps/audit/src/audit.config';
import { AuditModule } from '../../apps/audit/src/audit.module';
import { loadCardGatewayConfig } from '../../apps/card-gateway/src/card-gateway.config';
import { createCardGatewayApp } from '../../apps/card-gateway/src/card-gateway.app';
import { deleteStream } from '../support/jetstream';
import { testEnvironment } from '../support/test-environment';

describe('every app boots and answers its health check', () => {
  describe('queue (HTTP)', () => {
    let app: INestApplication;
    let env: Record<string, string>;
    beforeEach(() => {
      env = testEnvironment();
    });
    afterEach(async () => {
      await app?.close();
      await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    });

    it('GET /health is 200 with Postgres, Redis and NATS up', async () => {
      const config = loadQueueConfig(env);
      app = await createHttpApp(QueueModule.forRoot(config), 'queue', config);
      await app.init();
      const response = await http(app).get('/health').expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        service: 'queue',
        checks: { postgres: { status: 'up' }, redis: { status: 'up' }, nats: { status: 'up' } },
      });
    });

    it('GET /health is 503 and names Redis when Redis does not answer', async () => {
      const config = loadQueueConfig({ ...env, REDIS_URL: 'redis://127.0.0.1:1' });
      app = await createHttpApp(QueueModule.forRoot(config), 'queue', config);
      await app.init();
      const response = await http(app).get('/health').expect(503);
      const report = response.body as HealthReport;
      expect(report.status).toBe('unavailable');
      expect(report.checks.redis?.status).toBe('down');
      expect(report.checks.postgres).toEqual({ status: 'up' });
    });
  });

  describe('audit (HTTP)', () => {
    let app: INestApplication;
    afterEach(() => app?.close());

    it('GET /health is 200 with Postgres and NATS up', async () => {
      const config = loadAuditConfig(testEnvironment());
      app = await createHttpApp(AuditModule.forRoot(config), 'audit', config);
      await app.init();
      const response = await http(app).get('/health').expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        service: 'audit',
        checks: { postgres: { status: 'up' }, nats: { status: 'up' } },
      });
    });
  });

  describe('card-gateway (NATS request-reply)', () => {
    let gateway: INestMicroservice;
    let client: ClientProxy;
    afterEach(async () => {
      await client?.close();
      await gateway?.close();
    });

    it(`answers ${CARD_GATEWAY_SUBJECTS.health} under the run's subject prefix`, async () => {
      const env = testEnvironment();
      const config = loadCardGatewayConfig(env);
      gateway = await createCardGatewayApp(config);
      await gateway.listen();
      client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: env.NATS_URL } });
      await client.connect();
      const report = await firstValueFrom(
        client.send<HealthReport>(`${env.NATS_SUBJECT_PREFIX}${CARD_GATEWAY_SUBJECTS.health}`, {}),
      );
      expect(report).toEqual({ status: 'ok', service: 'card-gateway', checks: { nats: { status: 'up' } } });
    });

    it("is not reachable under another run's prefix, so parallel runs stay apart", async () => {
      const env = testEnvironment();
      gateway = await createCardGatewayApp(loadCardGatewayConfig(env));
      await gateway.listen();
      client = ClientProxyFactory.create({
        transport: Transport.NATS,
        options: { servers: env.NATS_URL, timeout: 500 },
      });
      await client.connect();
      const otherRun = testEnvironment().NATS_SUBJECT_PREFIX;
      await expect(
        firstValueFrom(client.send(`${otherRun}${CARD_GATEWAY_SUBJECTS.health}`, {})),
      ).rejects.toBeDefined();
    });
  });
});
