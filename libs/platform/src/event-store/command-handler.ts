import { randomUUID } from 'node:crypto';
import type { Actor, Decision } from '@madoguchi/domain';
import type { Clock } from '../clock';
import type { PostgresEventStore } from './postgres-event-store';
import { ConcurrencyError, type RecordedEvent } from './event-store.types';

/** An aggregate as the domain library defines it: pure decide and evolve over tagged unions. */
export interface Decider<
  State,
  Command,
  Event extends { type: string; data: unknown },
  Refusal extends { code: string },
  Settings,
> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, settings: Settings): Decision<Event, Refusal>;
  /** The contract version of each event type (libs/domain contracts). */
  schemaVersionOf(type: Event['type']): number;
}

export type CommandOutcome<State, Event, Refusal> =
  | { ok: true; state: State; events: Event[]; version: number; recorded: number[] }
  | { ok: false; refusal: Refusal; state: State; version: number };

export interface CommandContext {
  actor: Actor;
  correlationId?: string;
  causationId?: string;
  /** Conflicts are retried by re-reading the stream, at most this many attempts in all. */
  maxAttempts?: number;
}

export function foldEvents<State, Event extends { type: string; data: unknown }>(
  decider: Pick<Decider<State, never, Event, never, never>, 'initialState' | 'evolve'>,
  events: readonly RecordedEvent[],
): State {
  return events.reduce(
    (state, recorded) => decider.evolve(state, { type: recorded.type, data: recorded.data } as Event),
    decider.initialState(),
  );
}

/**
 * Load the stream, rebuild the state, decide, append with the version that was read. Another writer
 * may have appended meanwhile: then the append fails on the expected version and the whole
 * load-decide-append runs again on the fresh stream, so every decision sees every earlier event.
 */
export async function handleCommand<
  State,
  Command,
  Event extends { type: string; data: unknown },
  Refusal extends { code: string },
  Settings,
>(
  store: PostgresEventStore,
  clock: Clock,
  decider: Decider<State, Command, Event, Refusal, Settings>,
  streamId: string,
  makeCommand: (now: Date) => Command,
  settings: Settings,
  context: CommandContext,
): Promise<CommandOutcome<State, Event, Refusal>> {
  const maxAttempts = context.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const { events: history, version } = await store.readStream(streamId);
    const state = foldEvents<State, Event>(decider, history);
    const now = clock.now();
    const decision = decider.decide(makeCommand(now), state, settings);
    if (!decision.ok) return { ok: false, refusal: decision.refusal, state, version };
    try {
      const appended = await store.append(
        streamId,
        decision.events.map((event) => ({
          type: event.type,
          data: event.data,
          schemaVersion: decider.schemaVersionOf(event.type),
        })),
        {
          expectedVersion: version === 0 ? 'no-stream' : version,
          metadata: {
            actor: context.actor,
            correlationId: context.correlationId ?? randomUUID(),
            ...(context.causationId ? { causationId: context.causationId } : {}),
            occurredAt: now.toISOString(),
          },
        },
      );
      const newState = decision.events.reduce((next, event) => decider.evolve(next, event), state);
      return {
        ok: true,
        state: newState,
        events: decision.events,
        version: appended.nextExpectedVersion,
        recorded: appended.positions,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
    }
  }
}
