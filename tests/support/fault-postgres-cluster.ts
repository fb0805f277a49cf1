import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { waitFor } from './wait-for';

const run = promisify(execFile);

function binDirectory(): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, version, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A throwaway PostgreSQL cluster of a test's own on a free port (trust authentication, 127.0.0.1 only),
 * for tests that restart the database under a running service. Run as the `postgres` OS user when the
 * test runs as root, which PostgreSQL refuses.
 */
export class FaultPostgresCluster {
  private readonly bin = binDirectory();
  private readonly asRoot = userInfo().uid === 0;

  private constructor(
    readonly port: number,
    private readonly directory: string,
  ) {}

  static async start(): Promise<FaultPostgresCluster> {
    const directory = mkdtempSync(join(tmpdir(), 'madoguchi-pg-'));
    const cluster = new FaultPostgresCluster(await freePort(), directory);
    if (cluster.asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      chownSync(directory, Number(stdout.trim()), Number(group.trim()));
    }
    await cluster.command('initdb', [
      '-D',
      cluster.dataDirectory,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    await cluster.start();
    return cluster;
  }

  private get dataDirectory(): string {
    return join(this.directory, 'data');
  }

  /** The URL of a database on the cluster (`postgres`, the maintenance one, by default). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  async start(): Promise<void> {
    await this.pgCtl('start');
    await waitFor(() => this.answers(), { what: `PostgreSQL on ${this.port}`, timeoutMs: 15_000 });
  }

  /** A fast shutdown (open sessions cut off, as a crash or a failover would) and no restart. */
  async stop(): Promise<void> {
    await this.command('pg_ctl', ['stop', '-D', this.dataDirectory, '-m', 'fast', '-w']);
  }

  /** `pg_ctl restart -m fast`: every connection of every client is cut off. */
  async restart(): Promise<void> {
    await this.pgCtl('restart', ['-m', 'fast']);
    await waitFor(() => this.answers(), { what: `PostgreSQL on ${this.port} again`, timeoutMs: 15_000 });
  }

  async destroy(): Promise<void> {
    try {
      await this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.directory, { recursive: true, force: true });
  }

  private pgCtl(action: string, extra: string[] = []): Promise<void> {
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1 -c fsync=off`;
    return this.command('pg_ctl', [
      action,
      ...extra,
      '-D',
      this.dataDirectory,
      '-w',
      '-l',
      join(this.directory, 'server.log'),
      '-o',
      options,
    ]);
  }

  private async command(program: string, args: string[]): Promise<void> {
    const path = join(this.bin, program);
    if (this.asRoot) await run('runuser', ['-u', 'postgres', '--', path, ...args], { cwd: this.directory });
    else await run(path, args, { cwd: this.directory });
  }

  private async answers(): Promise<boolean> {
    const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
