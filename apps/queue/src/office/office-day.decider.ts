import {
  decideOfficeDay,
  estimatedWaitMinutes,
  evolveOfficeDay,
  initialOfficeDayState,
  OFFICE_DAY_EVENT_SCHEMA_VERSIONS,
  type OfficeDayCommand,
  type OfficeDayEvent,
  type OfficeDayRefusal,
  type OfficeDaySettings,
  type OfficeDayState,
  ticketPosition,
} from '@madoguchi/domain';
import type { Decider } from '@madoguchi/platform';

export type OfficeDayDecider = Decider<
  OfficeDayState,
  OfficeDayCommand,
  OfficeDayEvent,
  OfficeDayRefusal,
  OfficeDaySettings
>;

/**
 * The OfficeDay aggregate as the command handler wants it. A kiosk does not know the wait before the
 * ticket exists, yet the domain refuses a ticket whose wait would run past closing: so the ticket is
 * decided once to learn its place in line, and again with the wait that place means. Both decisions see
 * the same state, so they give the same number.
 */
export function officeDayDecider(defaultServiceMinutes: number): OfficeDayDecider {
  return {
    initialState: initialOfficeDayState,
    evolve: evolveOfficeDay,
    schemaVersionOf: (type) => OFFICE_DAY_EVENT_SCHEMA_VERSIONS[type],
    decide(command, state, settings) {
      if (command.type !== 'IssueTicket' || command.data.estimatedWaitMinutes !== undefined) {
        return decideOfficeDay(command, state, settings);
      }
      const draft = decideOfficeDay(command, state, settings);
      const issued = draft.ok ? draft.events[0] : undefined;
      if (!issued || issued.type !== 'TicketIssued') return draft;
      const after = evolveOfficeDay(state, issued);
      const position = ticketPosition(after, issued.data.ticketNumber, settings.priorityCallsPerRegular) ?? 1;
      const wait = estimatedWaitMinutes(
        after,
        issued.data.service,
        position,
        undefined,
        defaultServiceMinutes,
      );
      return decideOfficeDay(
        { ...command, data: { ...command.data, estimatedWaitMinutes: wait } },
        state,
        settings,
      );
    },
  };
}
