/**
 * There is no Docker engine on CI, so the compose file is checked against the apps themselves: every
 * service's environment must pass that app's own configuration schema (production rules included), every
 * URL must name a service of the file that the app waits for, and every secret the operator must supply
 * must be listed in docker/example.env.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadAuditConfig } from '../apps/audit/src/audit.config';
import { loadCardGatewayConfig } from '../apps/card-gateway/src/card-gateway.config';
import { loadQueueConfig } from '../apps/queue/src/queue.config';

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

const DOCKER = join(__dirname, '..', 'docker');
const composeText = readFileSync(join(DOCKER, 'compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };

/** What an operator's docker/.env would hold: valid values of the right shape, made fresh. */
function operatorEnv(): Record<string, string> {
  const tokens = generateKeyPairSync('ed25519');
  return {
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    AUTH_TOKEN_PRIVATE_KEY: tokens.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    AUTH_TOKEN_PUBLIC_KEY: tokens.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'der' })
      .toString('base64'),
    MY_NUMBER_HASH_KEY: randomBytes(32).toString('hex'),
  };
}

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
    (_, name: string, kind?: string, rest?: string) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (kind === '-') return rest ?? '';
      throw new Error(`${name} is required: ${rest ?? ''}`);
    },
  );
}

function environmentOf(service: string, env = operatorEnv()): Record<string, string> {
  const raw = compose.services[service]?.environment ?? {};
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, interpolate(String(value), env)]),
  );
}

const apps = {
  queue: (env: Record<string, string>) => loadQueueConfig(env),
  audit: (env: Record<string, string>) => loadAuditConfig(env),
  'card-gateway': (env: Record<string, string>) => loadCardGatewayConfig(env),
};

const cluster = parse(readFileSync(join(DOCKER, 'nats-cluster', 'compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

describe('docker/compose.yml', () => {
  it('runs the three apps and the servers they need', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['audit', 'card-gateway', 'nats', 'postgres', 'queue', 'redis'].sort(),
    );
    for (const server of ['postgres', 'redis', 'nats'])
      expect(compose.services[server]?.healthcheck).toBeDefined();
    expect(compose.services.nats?.command).toContain('-js');
  });

  it.each(Object.keys(apps) as (keyof typeof apps)[])(
    '%s: its environment passes the app’s own configuration schema in production',
    (name) => {
      const env = environmentOf(name);
      expect(env.NODE_ENV).toBe('production');
      expect(() => apps[name](env)).not.toThrow();
      expect(compose.services[name]?.command).toEqual(['node', `dist/apps/${name}/main.js`]);
    },
  );

  it.each(Object.keys(apps))('%s: every URL names a service it waits for to be healthy', (name) => {
    const service = compose.services[name] as ComposeService;
    for (const [key, value] of Object.entries(environmentOf(name))) {
      if (!key.endsWith('_URL')) continue;
      const host = new URL(value).hostname;
      expect({ key, host, known: host in compose.services }).toEqual({ key, host, known: true });
      expect(service.depends_on?.[host]?.condition).toBe('service_healthy');
    }
  });

  it('publishes each HTTP app on the port it listens on', () => {
    for (const name of ['queue', 'audit']) {
      const port = environmentOf(name).PORT;
      expect(compose.services[name]?.ports).toEqual([`${port}:${port}`]);
    }
  });

  it('refuses to start without the secrets, and example.env lists every one of them', () => {
    const required = [...composeText.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((match) => match[1]);
    const example = readFileSync(join(DOCKER, 'example.env'), 'utf8');
    for (const name of new Set(required)) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    expect(() => environmentOf('queue', {})).toThrow(/required/);
  });

  it.each(Object.keys(apps) as (keyof typeof apps)[])(
    'with docker/nats-cluster/compose.yml, %s reaches all three NATS nodes and asks for 3 replicas',
    (name) => {
      const env = { ...environmentOf(name), ...cluster.services[name]?.environment };
      expect(() => apps[name](env)).not.toThrow();
      expect(apps[name](env).JETSTREAM_REPLICAS).toBe(3);
      const hosts = (env.NATS_URL ?? '').split(',').map((server) => new URL(server).hostname);
      expect(hosts).toEqual(['nats-1', 'nats-2', 'nats-3']);
      for (const host of hosts) {
        expect(cluster.services[host]).toBeDefined();
        expect(cluster.services[name]?.depends_on?.[host]?.condition).toBe('service_healthy');
      }
    },
  );
});
