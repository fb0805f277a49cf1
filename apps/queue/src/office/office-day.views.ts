import {
  countersServing,
  estimatedWaitMinutes,
  type LocalizedText,
  medianServiceSeconds,
  type OfficeDayState,
  waitingLine,
} from '@madoguchi/domain';
import type { Office } from './office';

/** One service's line as screens and clerks see it. */
export interface LineView {
  service: string;
  prefix: string;
  name: LocalizedText;
  waiting: number;
  /** The wait of a ticket issued now: the day's median service time × place ÷ counters serving the line. */
  estimatedWaitMinutes: number;
  countersServing: number;
}

export function lineViews(office: Office, state: OfficeDayState): LineView[] {
  return office.services.map((service) => {
    const waiting = waitingLine(state, service.code, office.officeDay.priorityCallsPerRegular).length;
    return {
      service: service.code,
      prefix: service.prefix,
      name: service.name,
      waiting,
      estimatedWaitMinutes: estimatedWaitMinutes(
        state,
        service.code,
        waiting + 1,
        undefined,
        office.defaultServiceMinutes,
      ),
      countersServing: countersServing(state, service.code).length,
    };
  });
}

/** For a clerk: the line in calling order, and how long a service has taken today. */
export function clerkLineView(office: Office, state: OfficeDayState, service: string) {
  return {
    next: waitingLine(state, service, office.officeDay.priorityCallsPerRegular)
      .slice(0, 10)
      .map((ticket) => ({ ticketNumber: ticket.ticketNumber, priority: ticket.priority })),
    medianServiceSeconds: medianServiceSeconds(state, service) ?? null,
  };
}
