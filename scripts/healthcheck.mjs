#!/usr/bin/env node
// Container health check: exit 0 when the service answers its health check, 1 otherwise.
// HTTP apps (queue, audit) answer GET /health; the card gateway answers a NATS request.
import { connect } from '@nats-io/transport-node';

const service = process.env.MADOGUCHI_SERVICE ?? 'queue';
const deadline = AbortSignal.timeout(2500);

async function httpHealthy() {
  const port = process.env.PORT ?? (service === 'audit' ? '3002' : '3000');
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: deadline });
  return response.ok;
}

async function natsHealthy() {
  const nats = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', timeout: 2000 });
  try {
    const subject = `${process.env.NATS_SUBJECT_PREFIX ?? ''}card-gateway.health`;
    // Nest's NATS transport expects its packet shape: { pattern, data, id }.
    const reply = await nats.request(
      subject,
      JSON.stringify({ pattern: subject, data: {}, id: 'healthcheck' }),
      {
        timeout: 2000,
      },
    );
    return reply.json().response?.status === 'ok';
  } finally {
    await nats.close();
  }
}

try {
  const healthy = service === 'card-gateway' ? await natsHealthy() : await httpHealthy();
  process.exit(healthy ? 0 : 1);
} catch {
  process.exit(1);
}
