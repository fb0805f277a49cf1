import { SequencerConnectionLostError } from '../log/log-writer.repository';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** Postgres SQLSTATEs of a server going away or not yet there (class 08, 57P0x, 53300). */
const SERVER_GONE = /^(08...|57P0[123]|53300)$/;

/** An error that says the database is out of reach for now, not that the entry is wrong. */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof SequencerConnectionLostError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_GONE.test(code))) return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message)
  );
}
