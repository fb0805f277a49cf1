import type { LocalizedText, Procedure } from '@madoguchi/domain';
import type { Office } from './office';

export interface ServiceView {
  code: string;
  prefix: string;
  name: LocalizedText;
  procedure?: Procedure;
}

export interface OfficeSummaryView {
  id: string;
  name: LocalizedText;
  services: ServiceView[];
  counters: { id: string; name: LocalizedText; services: string[] }[];
}

export function officeSummaryView(office: Office): OfficeSummaryView {
  return {
    id: office.id,
    name: office.name,
    services: office.services.map((service) => ({
      code: service.code,
      prefix: service.prefix,
      name: service.name,
      ...(service.procedure !== undefined && { procedure: service.procedure }),
    })),
    counters: office.counters.map((counter) => ({
      id: counter.id,
      name: counter.name,
      services: [...counter.services],
    })),
  };
}

/** The whole configuration: nothing in it is secret, and kiosks and screens print from it. */
export function officeView(office: Office) {
  return {
    ...officeSummaryView(office),
    calendar: office.calendar,
    priorityCallsPerRegular: office.officeDay.priorityCallsPerRegular,
    noShowAfterCalls: office.officeDay.noShowAfterCalls,
    defaultServiceMinutes: office.defaultServiceMinutes,
    letterDeadlineDays: office.cases.letterDeadlineDays,
    letterDeadlineMovesToOpenDay: office.cases.letterDeadlineMovesToOpenDay,
    requirements: office.requirements,
  };
}
