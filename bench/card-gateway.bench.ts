/**
 * B5 (architecture.md): a card `status` request over NATS, through the running gateway (Nest ClientProxy → NATS →
 * gateway → MyNumberCard → simulator), against the raw baseline measured in the same run: the same protocol call
 * (`MyNumberCard.readTriesLeft`, what a status costs once the card is identified) made directly on a simulator in
 * this process. The two alternate request by request, so drift hits both alike. Goal: added latency p99 ≤ 5 ms.
 * Run with `npm run bench`; BENCH_SHORT=1 only proves the harness works.
 */
import type { INestMicroservice, LoggerService } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { cardOperationSubject, type StatusReply } from '@madoguchi/domain';
import { createCardGatewayApp } from '../apps/card-gateway/src/card-gateway.app';
import { loadCardGatewayConfig } from '../apps/card-gateway/src/card-gateway.config';
import { MyNumberCard } from '../apps/card-gateway/src/card/protocol/my-number-card';
import { SimulatedCard } from '../apps/card-gateway/src/card/simulator/card-model';
import { DEMO_CARDS } from '../apps/card-gateway/src/card/simulator/demo-cards';
import { SimulatorTransport } from '../apps/card-gateway/src/card/transport/simulator-transport';
import { deleteStream } from '../tests/support/jetstream';
import { createTestDatabase } from '../tests/support/test-database';
import { testEnvironment } from '../tests/support/test-environment';
import { percentile, report, SHORT } from './support/report';

const WARM_UP = SHORT ? 20 : 500;
const ROUNDS = SHORT ? 200 : 10_000;
const READER = 'bench-reader';

const silent: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };

function elapsedMs(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function summary(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

describe('B5 card status over NATS', () => {
  let env: Record<string, string>;
  let database: { url: string; drop: () => Promise<void> };
  let gateway: INestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { ...testEnvironment(), DATABASE_URL: database.url, READER_ID: READER, LOG_LEVEL: 'error' };
    gateway = await createCardGatewayApp(loadCardGatewayConfig(env));
    await gateway.listen();
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: env.NATS_URL } });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await gateway?.close();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    await database?.drop();
  });

  it('adds little to the protocol call it wraps', async () => {
    const subject = `${env.NATS_SUBJECT_PREFIX}${cardOperationSubject(READER, 'status')}`;
    const overNats = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      const reply = await firstValueFrom(client.send<StatusReply>(subject, {}));
      const ms = elapsedMs(started);
      if (!reply.ok || reply.card?.triesLeft === undefined) throw new Error('status did not read the card');
      return ms;
    };
    const protocol = new MyNumberCard(
      new SimulatorTransport('Bench reader', new SimulatedCard(DEMO_CARDS['fresh-card'])),
      { logger: silent },
    );
    const direct = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      const reading = await protocol.readTriesLeft();
      const ms = elapsedMs(started);
      if (reading.outcome !== 'read') throw new Error('the protocol did not read the card');
      return ms;
    };

    for (let i = 0; i < WARM_UP; i++) {
      await direct();
      await overNats();
    }
    const natsMs: number[] = [];
    const directMs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which goes first, so neither always runs right after the other's garbage.
      if (i % 2 === 0) {
        directMs.push(await direct());
        natsMs.push(await overNats());
      } else {
        natsMs.push(await overNats());
        directMs.push(await direct());
      }
    }

    const nats = summary(natsMs);
    const base = summary(directMs);
    const addedP99 = nats.p99 - base.p99;
    const addedP50 = nats.p50 - base.p50;
    report([
      {
        id: 'B5',
        what: `card status over NATS against the simulator (ClientProxy → gateway → MyNumberCard), ${ROUNDS} sequential requests`,
        figure: `p50 ${nats.p50.toFixed(2)} ms, p99 ${nats.p99.toFixed(2)} ms; added p50 ${addedP50.toFixed(2)} ms, added p99 ${addedP99.toFixed(2)} ms`,
        goal: 'added latency p99 ≤ 5 ms',
        baseline: `direct MyNumberCard.readTriesLeft p50 ${base.p50.toFixed(2)} ms, p99 ${base.p99.toFixed(2)} ms`,
        ratio: `NATS/direct p99 ${(nats.p99 / base.p99).toFixed(1)}×`,
        met: SHORT ? 'not judged' : addedP99 <= 5,
      },
    ]);
    expect(natsMs).toHaveLength(ROUNDS);
    expect(Number.isFinite(addedP99)).toBe(true);
    protocol.dispose();
  });
});
