import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { SimulatedCardConfig, SimulatedPin } from '../apps/card-gateway/src/card/simulator/card-model';
import type { CardTransport, PresenceEvent } from '../apps/card-gateway/src/card/transport/card-transport';
import type { CardProbe } from './card-protocol-suite';
import type { VirtualCardReply, VirtualCardRequest } from './card-virtual-card-process';

/**
 * What the PC/SC integration tests need on the machine: pcscd with vsmartcard-vpcd's reader. .ci/run installs the
 * Debian packages; this starts pcscd when it is not already running, so CI needs nothing else.
 */
export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const PCSCD_PID_FILE = '/run/pcscd/pcscd.pid';
const PCSCD = '/usr/sbin/pcscd';
const VPCD_READER_CONF = '/etc/reader.conf.d/vpcd';
export const VPCD_READER = 'Virtual PCD 00 00';

export interface Pcscd {
  /** Stops pcscd if this test run started it; leaves a daemon someone else runs alone. */
  stop(): Promise<void>;
}

export async function ensurePcscd(): Promise<Pcscd> {
  for (const [path, what] of [
    [PCSCD, 'pcscd (Debian package pcscd)'],
    [VPCD_READER_CONF, 'the vpcd reader (Debian package vsmartcard-vpcd)'],
  ] as const) {
    if (!existsSync(path)) {
      throw new Error(
        `${what} is not installed: apt-get install pcscd vsmartcard-vpcd libpcsclite-dev (.ci/run does)`,
      );
    }
  }
  if (pcscdRunning() && (await socketAnswers(PCSCD_SOCKET))) return { stop: () => Promise.resolve() };

  const daemon: ChildProcess = spawn(PCSCD, ['--foreground'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  daemon.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => daemon.once('exit', resolve));
  await waitUntil(() => socketAnswers(PCSCD_SOCKET), {
    what: 'pcscd to open its socket',
    failFast: () =>
      daemon.exitCode !== null ? `pcscd exited (${daemon.exitCode}): ${stderr.trim()}` : undefined,
  });
  return {
    stop: async () => {
      if (daemon.exitCode !== null) return;
      daemon.kill('SIGTERM');
      await exited;
    },
  };
}

function pcscdRunning(): boolean {
  try {
    const pid = Number(readFileSync(PCSCD_PID_FILE, 'utf8').trim());
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until `condition` holds or the deadline passes (a test waits for a condition, never a fixed time). */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  options: { what: string; timeoutMs?: number; failFast?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    if (await condition()) return;
    const failure = options.failFast?.();
    if (failure) throw new Error(`${options.what}: ${failure}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves when the reader reports the card present (or absent), at once if it already does. */
export function cardPresence(transport: CardTransport, present: boolean, timeoutMs = 15_000): Promise<void> {
  if (transport.presence().cardPresent === present) return Promise.resolve();
  const wanted: PresenceEvent['type'] = present ? 'card-inserted' : 'card-removed';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${wanted} on ${transport.readerName}`));
    }, timeoutMs);
    const unsubscribe = transport.onPresence((event) => {
      if (event.type !== wanted) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** The vpcd virtual card in its own process (see card-virtual-card-process.ts), and a probe of its card. */
export class VirtualCardProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: VirtualCardReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new Error(`virtual card: ${reply.error}`));
    });
    child.once('exit', (code) => {
      for (const waiting of this.pending.values())
        waiting.reject(new Error(`virtual card process exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(): Promise<VirtualCardProcess> {
    const child = fork(join(__dirname, 'card-virtual-card-process.ts'), [], {
      execArgv: ['-r', join(__dirname, '..', 'scripts', 'typescript-hook.js')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) =>
        reject(new Error(`virtual card process exited (${code}) before it was ready`)),
      );
    });
    return new VirtualCardProcess(child);
  }

  insert(config?: SimulatedCardConfig): Promise<void> {
    return this.ask({ op: 'insert', ...(config ? { config } : {}) }).then(() => undefined);
  }

  reinsert(): Promise<void> {
    return this.ask({ op: 'reinsert' }).then(() => undefined);
  }

  remove(): Promise<void> {
    return this.ask({ op: 'remove' }).then(() => undefined);
  }

  probe(): CardProbe {
    return {
      pin: (kind) => this.ask({ op: 'pin', kind }) as Promise<SimulatedPin>,
      instructionsReceived: () => this.ask({ op: 'instructions' }) as Promise<number[]>,
      injectFault: (fault) => this.ask({ op: 'inject-fault', fault }).then(() => undefined),
      resetOnIssuerTerminal: (kind, newPin) =>
        this.ask({ op: 'reset-on-issuer-terminal', kind, newPin }) as Promise<string>,
    };
  }

  /** Disconnecting makes the process remove its card and exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }

  private ask(request: DistributiveOmit<VirtualCardRequest, 'id'>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...request, id });
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
