// Servers `npm start` runs itself when none answers: redis-server and nats-server when installed, and an
// embedded PostgreSQL (PGlite) per service database. Their data stays under the data folder; each runs in a
// process group of its own, so Ctrl-C reaches the apps first and the servers are stopped after them.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

/** Every server started here, stopped by stopLocalServers(). */
export const localServers = [];

export function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(socket.destroy() && false));
  });
}

/** The path of an installed program, looked up on PATH and in /usr/sbin and /usr/bin. */
export function findProgram(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

function listenable(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const { port: bound } = probe.address();
      probe.close(() => resolve(bound));
    });
  });
}

/** The preferred port when nothing listens on it, else one the system hands out. */
export async function freePort(preferred) {
  return (await listenable(preferred)) ?? (await listenable(0));
}

function startServer(name, command, args) {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const entry = { name, child, exited: false };
  child.once('exit', () => (entry.exited = true));
  localServers.push(entry);
  return entry;
}

async function waitUntilReachable(entry, url, defaultPort) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (entry.exited) break;
    if (await reachable(url, defaultPort)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${entry.name} did not start (${url})`);
}

export async function startRedis(program, dataDir) {
  const port = await freePort(6379);
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const entry = startServer('redis-server', program, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
  ]);
  entry.child.stdout.resume();
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilReachable(entry, url, 6379);
  return url;
}

export async function startNats(program, dataDir) {
  const port = await freePort(4222);
  const dir = join(dataDir, 'nats');
  mkdirSync(dir, { recursive: true });
  const entry = startServer('nats-server', program, [
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '-js',
    '-sd',
    dir,
  ]);
  entry.child.stdout.resume();
  const url = `nats://127.0.0.1:${port}`;
  await waitUntilReachable(entry, url, 4222);
  return url;
}

/** One PGlite per database (a PGlite instance holds one); resolves to its postgres:// URL. */
export async function startEmbeddedPostgres(dataDir, database) {
  const script = fileURLToPath(new URL('pglite-server.mjs', import.meta.url));
  const entry = startServer(`embedded PostgreSQL (${database})`, process.execPath, [
    script,
    join(dataDir, 'pglite', database),
    '0',
  ]);
  const lines = createInterface({ input: entry.child.stdout });
  const port = await new Promise((resolve, reject) => {
    lines.on('line', (line) => line.startsWith('ready ') && resolve(Number(line.slice(6))));
    entry.child.once('exit', (code) => reject(new Error(`${entry.name} stopped (${code})`)));
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** Stops the servers started here and waits for them (at most 10 s each). */
export async function stopLocalServers() {
  await Promise.all(
    localServers.map(
      (entry) =>
        new Promise((resolve) => {
          if (entry.exited) return resolve();
          const timer = setTimeout(() => {
            entry.child.kill('SIGKILL');
            resolve();
          }, 10_000);
          entry.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          entry.child.kill('SIGTERM');
        }),
    ),
  );
}

/** Last resort when `npm start` exits some other way: signal whatever is still running. */
export function killLocalServers() {
  for (const entry of localServers) if (!entry.exited) entry.child.kill('SIGTERM');
}
