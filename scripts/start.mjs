#!/usr/bin/env node
// `npm start`: the whole system on one machine with a simulated card reader.
// Uses DATABASE_URL, REDIS_URL and NATS_URL when set, else this machine's default servers; builds the
// apps, starts them, prints where they are, and stops them all on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/madoguchi',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};
/** Each service keeps its own database (its event store, read models, audit log), named after it. */
function databaseFor(service) {
  const url = new URL(env.DATABASE_URL);
  url.pathname = `${url.pathname}_${service.replaceAll('-', '_')}`;
  return url.toString();
}
const apps = [
  { name: 'queue', env: { PORT: process.env.QUEUE_PORT ?? '3000', DATABASE_URL: databaseFor('queue') } },
  { name: 'audit', env: { PORT: process.env.AUDIT_PORT ?? '3002', DATABASE_URL: databaseFor('audit') } },
  {
    name: 'card-gateway',
    env: { CARD_DRIVER: 'simulator', READER_ID: 'reader-1', DATABASE_URL: databaseFor('card-gateway') },
  },
];

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(socket.destroy() && false));
  });
}

async function requireServers() {
  const missing = [];
  if (!(await reachable(env.DATABASE_URL, 5432)))
    missing.push(`PostgreSQL at ${env.DATABASE_URL} (Debian: apt-get install postgresql)`);
  if (!(await reachable(env.REDIS_URL, 6379)))
    missing.push(`Redis at ${env.REDIS_URL} (Debian: apt-get install redis-server)`);
  if (!(await reachable(env.NATS_URL, 4222)))
    missing.push(
      `NATS with JetStream at ${env.NATS_URL} (Debian: apt-get install nats-server; run with -js)`,
    );
  if (missing.length > 0) {
    console.error(`Madoguchi cannot start; these servers do not answer:\n  - ${missing.join('\n  - ')}`);
    process.exit(1);
  }
}

async function ensureDatabase(databaseUrl) {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(target);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

function build() {
  const steps = [...apps.map((app) => ['npx', 'nest', 'build', app.name]), ['npm', 'run', 'build:web']];
  for (const [command, ...args] of steps) {
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

// Demo mode: a supervisor and a kiosk are made at the first start and kept under .data/, so the printed
// logins stay true across restarts. A real office creates its staff with `npm run staff:create-supervisor`.
const dataDir = join(root, '.data');
const demoFile = join(dataDir, 'demo-logins.json');

function demoLogins() {
  if (existsSync(demoFile)) return JSON.parse(readFileSync(demoFile, 'utf8'));
  const supervisor = { login: 'supervisor', password: randomBytes(9).toString('base64url') };
  const result = spawnSync(
    'npm',
    [
      'run',
      '--silent',
      'staff:create-supervisor',
      '--',
      '--login',
      supervisor.login,
      '--name',
      'Demo supervisor',
    ],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: apps[0].env.DATABASE_URL, STAFF_PASSWORD: supervisor.password },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) return undefined;
  mkdirSync(dataDir, { recursive: true });
  const logins = { supervisor };
  writeFileSync(demoFile, JSON.stringify(logins, null, 2), { mode: 0o600 });
  return logins;
}

async function waitForQueue(base) {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function supervisorToken(base, logins) {
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(logins.supervisor),
  });
  return login.ok ? (await login.json()).token : undefined;
}

/** A demo clerk and auditor, made once by the demo supervisor (kept with the demo logins). */
async function demoStaff(base, logins) {
  if (logins.clerk && logins.auditor) return;
  const token = await supervisorToken(base, logins);
  if (!token) return;
  for (const role of ['clerk', 'auditor']) {
    if (logins[role]) continue;
    const account = { login: role, password: randomBytes(12).toString('base64url') };
    const created = await fetch(`${base}/staff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...account, displayName: `Demo ${role}`, role }),
    });
    if (created.ok) logins[role] = account;
  }
  writeFileSync(demoFile, JSON.stringify(logins, null, 2), { mode: 0o600 });
}

/** Registers the demo kiosk once and returns its device token (kept with the demo logins). */
async function demoKioskToken(base, logins) {
  if (logins.kioskToken) return logins.kioskToken;
  const token = await supervisorToken(base, logins);
  if (!token) return undefined;
  const device = await fetch(`${base}/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'kiosk', officeId: 'atsugi', label: 'Demo kiosk' }),
  });
  if (!device.ok) return undefined;
  logins.kioskToken = (await device.json()).token;
  writeFileSync(demoFile, JSON.stringify(logins, null, 2), { mode: 0o600 });
  return logins.kioskToken;
}

function run() {
  const children = apps.map((app) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'apps', app.name, 'main.js')], {
      cwd: root,
      env: { ...process.env, ...env, ...app.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${app.name} stopped (${signal ?? code}); stopping the rest.`);
        stop(1);
      }
    });
    return child;
  });
  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    let left = children.filter((child) => child.exitCode === null).length;
    if (left === 0) process.exit(code);
    for (const child of children) {
      child.once('exit', () => --left === 0 && process.exit(code));
      child.kill('SIGTERM');
    }
    setTimeout(() => process.exit(code), 10_000).unref();
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  return children;
}

async function announce(logins) {
  const [queue, audit] = apps;
  const base = `http://127.0.0.1:${queue.env.PORT}`;
  if (!(await waitForQueue(base))) return;
  const kiosk = logins ? await demoKioskToken(base, logins) : undefined;
  if (logins) await demoStaff(base, logins);
  console.log(`
Madoguchi is running (demo office: atsugi, simulated card in reader-1):
  display screen    ${base}/screens/display/atsugi
  kiosk             ${base}/screens/kiosk/atsugi${kiosk ? `#device-token=${kiosk}` : ''}
  clerk workstation ${base}/screens/clerk/atsugi
  compliance report ${base}/screens/reports/atsugi?audit=http://127.0.0.1:${audit.env.PORT}
  queue API docs    ${base}/docs
  queue health      ${base}/health
  audit service     http://127.0.0.1:${audit.env.PORT}/health
  card gateway      reader-1 on ${env.NATS_URL} (subjects card.reader-1.*)
${
  logins
    ? `Demo logins (demo mode only): ${['supervisor', 'clerk', 'auditor']
        .filter((role) => logins[role])
        .map((role) => `${logins[role].login} / ${logins[role].password}`)
        .join(', ')}`
    : 'No demo login: a supervisor already existed; create staff with npm run staff:create-supervisor.'
}
Press Ctrl-C to stop everything.
`);
}

await requireServers();
for (const app of apps) await ensureDatabase(app.env.DATABASE_URL);
build();
const logins = demoLogins();
run();
await announce(logins);
