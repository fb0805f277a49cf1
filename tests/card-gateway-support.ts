import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { INestMicroservice } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import {
  type CardOperation,
  cardOperationSubject,
  type CardReply,
  type CardRequest,
} from '@madoguchi/domain';
import { CardReaders } from '../apps/card-gateway/src/card-readers';
import { SimulatorTransport } from '../apps/card-gateway/src/card/transport/simulator-transport';

/** A message of the event stream, kept whole so a test can scan every byte of it. */
export interface StreamMessage {
  subject: string;
  /** Headers (Nats-Msg-Id, ...) and payload as text. */
  headers: string;
  data: string;
  json: { type: string; streamId: string; data: Record<string, unknown>; metadata: Record<string, unknown> };
}

/** Every message the stream holds now, in stream order. */
export async function readStream(nats: NatsConnection, stream: string): Promise<StreamMessage[]> {
  const manager = await jetstreamManager(nats);
  const info = await manager.streams.info(stream);
  const messages: StreamMessage[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await manager.streams.getMessage(stream, { seq });
    if (!stored) continue;
    const data = new TextDecoder().decode(stored.data);
    messages.push({
      subject: stored.subject,
      headers: stored.header
        ? [...stored.header].map(([key, values]) => `${key}: ${values.join(',')}`).join('\n')
        : '',
      data,
      json: JSON.parse(data) as StreamMessage['json'],
    });
  }
  return messages;
}

/**
 * Where `secret` occurs in `text` as a value of its own. UUIDs are cut out first: their hex groups could hold a
 * 4-digit PIN by chance.
 */
export function occurrencesOf(secret: string, text: string): number {
  const withoutUuids = text.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
    '<uuid>',
  );
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return withoutUuids.match(new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'g'))?.length ?? 0;
}

/** Typed requests to one reader of a running gateway, through Nest's NATS client. */
export function cardClient(client: ClientProxy, subjectPrefix: string, readerId: string) {
  const send = <Operation extends CardOperation>(operation: Operation, body: unknown) =>
    firstValueFrom(
      client.send<CardReply<Operation>>(`${subjectPrefix}${cardOperationSubject(readerId, operation)}`, body),
    );
  return {
    request: <Operation extends CardOperation>(operation: Operation, request: CardRequest<Operation>) =>
      send(operation, request),
    /** For the bad-input tests: sends what no typed client would. */
    requestAnything: send,
  };
}

/** The simulated reader inside a running gateway, where tests insert and swap cards. */
export function simulatedReader(gateway: INestMicroservice, readerId: string): SimulatorTransport {
  const transport = gateway.get(CardReaders).transportOf(readerId);
  if (!(transport instanceof SimulatorTransport)) throw new Error(`reader ${readerId} is not simulated`);
  return transport;
}

/** Captures everything the process writes to stdout and stderr (the app's log) until `stop()`. */
export function captureOutput(): { text: () => string; stop: () => void } {
  const chunks: string[] = [];
  const originals = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const capture =
    (original: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (chunk: unknown, ...rest: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = capture(originals.out);
  process.stderr.write = capture(originals.err);
  return {
    text: () => chunks.join(''),
    stop: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}
