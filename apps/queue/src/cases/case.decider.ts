import {
  CASE_EVENT_SCHEMA_VERSIONS,
  type CaseCommand,
  type CaseEvent,
  type CaseRefusal,
  type CaseSettings,
  type CaseState,
  decideCase,
  evolveCase,
  initialCaseState,
} from '@madoguchi/domain';
import type { Decider } from '@madoguchi/platform';

/** The Case aggregate as the command handler wants it. */
export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent, CaseRefusal, CaseSettings> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
  schemaVersionOf: (type) => CASE_EVENT_SCHEMA_VERSIONS[type],
};

/** One stream per PIN case. */
export function caseStreamId(caseId: string): string {
  return `case:${caseId}`;
}
