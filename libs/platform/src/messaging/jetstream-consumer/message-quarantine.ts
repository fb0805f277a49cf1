import type { DataSource } from 'typeorm';

/** A message the consumer gave up on, with why. */
export interface QuarantineEntry {
  stream: string;
  consumer: string;
  streamSequence: number;
  /** As published, prefix included: what someone replaying it would publish to. */
  subject: string;
  messageId: string | undefined;
  /** The body as received. */
  body: string;
  /** Stored as jsonb when it parses, else as text. */
  bodyIsJson: boolean;
  error: string;
  deliveries: number;
}

export interface QuarantinedMessage extends Omit<QuarantineEntry, 'body' | 'bodyIsJson'> {
  payload: unknown;
  payloadText: string | undefined;
  quarantinedAt: Date;
}

/** Where the consumer puts what it cannot handle. A store failure makes the consumer retry, never drop. */
export interface MessageQuarantine {
  store(entry: QuarantineEntry): Promise<void>;
}

interface QuarantineRow {
  stream: string;
  consumer: string;
  stream_sequence: string;
  subject: string;
  message_id: string | null;
  payload: unknown;
  payload_text: string | null;
  error: string;
  deliveries: number;
  quarantined_at: Date;
}

/** jsonb refuses `\u0000` even where the JSON is valid; such a body is kept as text instead. */
const UNTRANSLATABLE_CHARACTER = '22P05';

/** `quarantined_messages` (migration 1764000000001) in the service's own database. */
export class PostgresMessageQuarantine implements MessageQuarantine {
  constructor(private readonly dataSource: DataSource) {}

  async store(entry: QuarantineEntry): Promise<void> {
    try {
      await this.insert(entry, entry.bodyIsJson);
    } catch (error) {
      if (!entry.bodyIsJson || driverCode(error) !== UNTRANSLATABLE_CHARACTER) throw error;
      await this.insert(entry, false);
    }
  }

  async list(stream: string, consumer: string): Promise<QuarantinedMessage[]> {
    const rows: QuarantineRow[] = await this.dataSource.query(
      `SELECT * FROM quarantined_messages WHERE stream = $1 AND consumer = $2 ORDER BY stream_sequence`,
      [stream, consumer],
    );
    return rows.map((row) => ({
      stream: row.stream,
      consumer: row.consumer,
      streamSequence: Number(row.stream_sequence),
      subject: row.subject,
      messageId: row.message_id ?? undefined,
      payload: row.payload ?? undefined,
      payloadText: row.payload_text ?? undefined,
      error: row.error,
      deliveries: row.deliveries,
      quarantinedAt: row.quarantined_at,
    }));
  }

  /** ON CONFLICT DO NOTHING: the first quarantine of a delivery, with its original error, is the one kept. */
  private async insert(entry: QuarantineEntry, asJson: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO quarantined_messages
         (stream, consumer, stream_sequence, subject, message_id, payload, payload_text, error, deliveries)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
       ON CONFLICT (stream, consumer, stream_sequence) DO NOTHING`,
      [
        entry.stream,
        entry.consumer,
        entry.streamSequence,
        entry.subject,
        entry.messageId ?? null,
        asJson ? entry.body : null,
        asJson ? null : withoutNul(entry.body),
        withoutNul(entry.error),
        entry.deliveries,
      ],
    );
  }
}

/** Postgres text cannot hold NUL; a garbled body must still be storable. */
function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

function driverCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = candidate.driverError?.code ?? candidate.code;
  return typeof code === 'string' ? code : undefined;
}
