import type { EntityManager } from 'typeorm';
import {
  foldEvents,
  type PostgresEventStore,
  type Projection,
  type RecordedEvent,
} from '@madoguchi/platform';
import { caseDecider } from '../case.decider';
import { directoryEntryOf } from './case-directory-entry';

const CASE_STREAM = /^case:/;

/**
 * Keeps `case_directory` equal to the cases' streams. Each case event re-folds its own stream and writes
 * the whole row, so the row never depends on having seen earlier events in a particular order.
 */
export class CaseDirectoryProjection implements Projection {
  readonly name = 'case-directory';

  constructor(private readonly store: PostgresEventStore) {}

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (!CASE_STREAM.test(event.streamId)) return;
    const { events, version } = await this.store.readStream(event.streamId, manager);
    const entry = directoryEntryOf(foldEvents(caseDecider, events), version);
    if (!entry) return;
    await manager.query(
      `INSERT INTO case_directory (case_id, office_id, applied_on, procedure, applicant, status, outcome, visit,
         ticket_numbers, letter_status, letter_reference, letter_mailed_on, letter_deadline, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (case_id) DO UPDATE SET
         status = EXCLUDED.status, outcome = EXCLUDED.outcome, visit = EXCLUDED.visit,
         procedure = EXCLUDED.procedure, ticket_numbers = EXCLUDED.ticket_numbers,
         letter_status = EXCLUDED.letter_status, letter_reference = EXCLUDED.letter_reference,
         letter_mailed_on = EXCLUDED.letter_mailed_on, letter_deadline = EXCLUDED.letter_deadline,
         version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
       WHERE case_directory.version < EXCLUDED.version`,
      [
        entry.caseId,
        entry.officeId,
        entry.appliedOn,
        entry.procedure,
        entry.applicant,
        entry.status,
        entry.outcome,
        entry.visit,
        entry.ticketNumbers,
        entry.letter,
        entry.letterReference,
        entry.letterMailedOn,
        entry.letterDeadline,
        entry.version,
        event.metadata.occurredAt,
      ],
    );
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM case_directory`);
  }
}
