import { CASE_EVENT_SCHEMA_VERSIONS, type CaseEvent } from '../case';
import { OFFICE_DAY_EVENT_SCHEMA_VERSIONS, type OfficeDayEvent } from '../office-day';
import { CARD_GATEWAY_EVENT_SCHEMA_VERSIONS, type CardGatewayEvent } from './card-events';
import { eventSubject } from './subjects';

/**
 * Every event any app records, with the bounded context it belongs to and the version of its payload
 * schema. Consumers (audit, read models) read `schemaVersion` to know which payload shape they hold;
 * a breaking change to a payload is a new version here, never a silent edit.
 */
export type DomainEvent = OfficeDayEvent | CaseEvent | CardGatewayEvent;
export type DomainEventType = DomainEvent['type'];
export type EventContext = 'office-day' | 'case' | 'card';

export type EventData<Type extends DomainEventType> = Extract<DomainEvent, { type: Type }>['data'];

export interface EventContract {
  context: EventContext;
  schemaVersion: number;
}

function contractsOf<Type extends string>(
  context: EventContext,
  versions: Readonly<Record<Type, number>>,
): Record<Type, EventContract> {
  const contracts = {} as Record<Type, EventContract>;
  for (const type of Object.keys(versions) as Type[]) {
    contracts[type] = { context, schemaVersion: versions[type] };
  }
  return contracts;
}

export const EVENT_CONTRACTS: Readonly<Record<DomainEventType, EventContract>> = Object.freeze({
  ...contractsOf('office-day', OFFICE_DAY_EVENT_SCHEMA_VERSIONS),
  ...contractsOf('case', CASE_EVENT_SCHEMA_VERSIONS),
  ...contractsOf('card', CARD_GATEWAY_EVENT_SCHEMA_VERSIONS),
});

export function isDomainEventType(type: unknown): type is DomainEventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_CONTRACTS, type);
}

export function schemaVersionOf(type: DomainEventType): number {
  return EVENT_CONTRACTS[type].schemaVersion;
}

/** `madoguchi.<context>.<event-type>`, the JetStream subject of an event. */
export function subjectOfEvent(type: DomainEventType): string {
  return eventSubject(EVENT_CONTRACTS[type].context, type);
}
