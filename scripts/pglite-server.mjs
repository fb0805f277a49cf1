#!/usr/bin/env node
// One embedded PostgreSQL (PGlite) serving the Postgres wire protocol on 127.0.0.1:<port>, its data kept
// in <data dir>. Used by `npm start` when no PostgreSQL answers; one instance per service database, since a
// PGlite instance holds exactly one database. Prints "ready <port>" once it accepts connections.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';

const [dataDir, port = '0'] = process.argv.slice(2);
mkdirSync(dataDir, { recursive: true });
const db = await PGlite.create({ dataDir });
// PGlite is one session: pglite-socket multiplexes client connections onto it and keeps an open
// transaction's statements together, so a connection pool works (queries take turns).
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: Number(port), maxConnections: 100 });
await server.start();
process.stdout.write(`ready ${server.getServerConn().split(':').pop()}\n`);

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', close);
process.on('SIGINT', close);
