import type {
  CaseSettings,
  LocalizedText,
  OfficeCalendar,
  OfficeDaySettings,
  RequirementsTable,
  ServiceDefinition,
} from '@madoguchi/domain';

/** A counter position in the office, with the services a clerk opening it serves unless told otherwise. */
export interface CounterDefinition {
  id: string;
  name: LocalizedText;
  services: readonly string[];
}

/**
 * One office as its configuration file describes it, checked once at boot: everything a city decides
 * differently (services, counters, calendar, cut-off, what to bring) is here, not in code.
 */
export interface Office {
  id: string;
  name: LocalizedText;
  services: readonly ServiceDefinition[];
  counters: readonly CounterDefinition[];
  calendar: OfficeCalendar;
  /** Used for waiting-time estimates until the day has measured a service. */
  defaultServiceMinutes: number;
  requirements: RequirementsTable;
  officeDay: OfficeDaySettings;
  cases: CaseSettings;
}

export function serviceOf(office: Office, code: string): ServiceDefinition | undefined {
  return office.services.find((service) => service.code === code);
}

export function counterOf(office: Office, id: string): CounterDefinition | undefined {
  return office.counters.find((counter) => counter.id === id);
}
