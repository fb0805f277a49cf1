#!/usr/bin/env node
// `npm start`: the whole system on one machine with a simulated card reader.
// Uses DATABASE_URL, REDIS_URL and NATS_URL when set, else this machine's default servers; builds the
// apps, starts them, prints where they are, and stops them all on Ctrl-C.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  findProgram,
  killLocalServers,
  reachable,
  startEmbeddedPostgres,
  startNats,
  startRedis,
  stopLocalServers,
} from './local-servers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '.data');
const env = {
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/madoguchi',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  NATS_URL: process.env.NATS_URL || 'nats://127.0.0.1:4222',
};
// MADOGUCHI_LOCAL_SERVERS=1 starts our own redis-server and nats-server even when the defaults answer, and
// MADOGUCHI_POSTGRES=embedded runs PGlite even when a PostgreSQL answers (both for trying the fallbacks).
const ownServers = process.env.MADOGUCHI_LOCAL_SERVERS === '1';
const forceEmbedded = process.env.MADOGUCHI_POSTGRES === 'embedded';
/** Set when the services run on embedded PGlite: one instance (and URL) per service database. */
let embeddedUrls;
/** Each service keeps its own database (its event store, read models, audit log), named after it. */
function databaseFor(service) {
  if (embeddedUrls) return embeddedUrls[service];
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

/**
 * Uses the given or default servers; when a variable is unset and its default does not answer, starts
 * redis-server / nats-server if installed, and PGlite for PostgreSQL; else stops naming what to install.
 */
async function requireServers() {
  const missing = [];
  const redis = !process.env.REDIS_URL && findProgram('redis-server');
  if (redis && (ownServers || !(await reachable(env.REDIS_URL, 6379))))
    env.REDIS_URL = await startRedis(redis, dataDir);
  const nats = !process.env.NATS_URL && findProgram('nats-server');
  if (nats && (ownServers || !(await reachable(env.NATS_URL, 4222))))
    env.NATS_URL = await startNats(nats, dataDir);
  if (!process.env.DATABASE_URL && (forceEmbedded || !(await reachable(env.DATABASE_URL, 5432)))) {
    embeddedUrls = {};
    for (const app of apps) embeddedUrls[app.name] = await startEmbeddedPostgres(dataDir, app.name);
    for (const app of apps) app.env.DATABASE_URL = databaseFor(app.name);
  }
  if (!(await reachable(databaseFor('queue'), 5432)))
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
  if (embeddedUrls) return; // each PGlite instance is already that service's database
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

/** The build or setup step running now, ended if `npm start` is stopped meanwhile. */
let step;
/** Runs a step without blocking, so Ctrl-C is handled (and the servers stopped) while it runs. */
function runStep(command, args, options) {
  return new Promise((resolve) => {
    step = spawn(command, args, { cwd: root, ...options });
    step.once('error', () => resolve({ status: 1 }));
    step.once('exit', (code) => resolve({ status: code ?? 1 }));
  });
}

async function build() {
  const steps = [...apps.map((app) => ['npx', 'nest', 'build', app.name]), ['npm', 'run', 'build:web']];
  for (const [command, ...args] of steps) {
    const result = await runStep(command, args, { stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status);
  }
}

// Demo mode: a supervisor and a kiosk are made at the first start and kept under .data/, so the printed
// logins stay true across restarts. A real office creates its staff with `npm run staff:create-supervisor`.
// The embedded databases keep their own demo logins, next to their data.
let demoFile = join(dataDir, 'demo-logins.json');

async function demoLogins() {
  if (embeddedUrls) demoFile = join(dataDir, 'pglite', 'demo-logins.json');
  if (existsSync(demoFile)) return JSON.parse(readFileSync(demoFile, 'utf8'));
  const supervisor = { login: 'supervisor', password: randomBytes(9).toString('base64url') };
  const result = await runStep(
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
      env: { ...process.env, DATABASE_URL: apps[0].env.DATABASE_URL, STAFF_PASSWORD: supervisor.password },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) return undefined;
  mkdirSync(dirname(demoFile), { recursive: true });
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
  // The apps first (they may still write), then the servers started for them.
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    const apps = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of running) child.kill('SIGTERM');
    const appsStopped = Promise.race([
      Promise.all(apps),
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]);
    void appsStopped.then(stopLocalServers).then(() => process.exit(code));
  };
  process.off('SIGINT', exitEarly);
  process.off('SIGTERM', exitEarly);
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

process.on('exit', killLocalServers);
// Until the apps run, Ctrl-C just exits (the exit handler signals the servers started so far).
const exitEarly = () => {
  if (step?.exitCode === null && step.signalCode === null) step.kill('SIGTERM');
  process.exit(130);
};
process.on('SIGINT', exitEarly);
process.on('SIGTERM', exitEarly);
await requireServers();
for (const app of apps) await ensureDatabase(app.env.DATABASE_URL);
await build();
const logins = await demoLogins();
run();
await announce(logins);
