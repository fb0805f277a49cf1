import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { type CalendarDate } from '@madoguchi/domain';
import { DATA_SOURCE, PostgresEventStore, ProjectionRunner } from '@madoguchi/platform';
import type { CaseDirectoryEntry } from './case-directory-entry';
import { CaseDirectoryProjection } from './case-directory.projection';

export interface CaseDirectoryQuery {
  officeId: string;
  status?: 'open' | 'closed';
  appliedOn?: CalendarDate;
  /** `due`: mailed, not back, deadline today or later; `overdue`: not back and past the deadline. */
  letter?: { state: 'due' | 'overdue'; today: CalendarDate };
  ticketNumber?: string;
  letterReference?: string;
}

interface DirectoryRow {
  case_id: string;
  office_id: string;
  applied_on: string;
  procedure: CaseDirectoryEntry['procedure'];
  applicant: CaseDirectoryEntry['applicant'];
  status: CaseDirectoryEntry['status'];
  outcome: CaseDirectoryEntry['outcome'];
  visit: CaseDirectoryEntry['visit'];
  ticket_numbers: string[];
  letter_status: CaseDirectoryEntry['letter'];
  letter_reference: string | null;
  letter_mailed_on: string | null;
  letter_deadline: string | null;
  version: number;
}

/** Most a search answers: a day's cases at one office are far fewer. */
const LIMIT = 200;

/**
 * The case directory read model: kept by its projection (woken after every case command) and read after
 * catching up, so a clerk finds a case the moment the command that changed it has answered.
 */
@Injectable()
export class CaseDirectoryRepository implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: ProjectionRunner;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(PostgresEventStore) store: PostgresEventStore,
  ) {
    this.runner = new ProjectionRunner(dataSource, store, new CaseDirectoryProjection(store), {
      idleMs: 1_000,
    });
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  changed(): void {
    this.runner.wake();
  }

  async find(query: CaseDirectoryQuery): Promise<CaseDirectoryEntry[]> {
    await this.runner.catchUp();
    const where = ['office_id = $1'];
    const values: unknown[] = [query.officeId];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (query.status) where.push(`status = ${param(query.status)}`);
    if (query.appliedOn) where.push(`applied_on = ${param(query.appliedOn)}`);
    if (query.ticketNumber) where.push(`${param(query.ticketNumber)} = ANY (ticket_numbers)`);
    if (query.letterReference) where.push(`letter_reference = ${param(query.letterReference)}`);
    if (query.letter) {
      where.push(`status = 'open' AND letter_status = 'mailed'`);
      where.push(
        query.letter.state === 'due'
          ? `letter_deadline >= ${param(query.letter.today)}`
          : `letter_deadline < ${param(query.letter.today)}`,
      );
    }
    const rows: DirectoryRow[] = await this.dataSource.query(
      `SELECT case_id, office_id, to_char(applied_on, 'YYYY-MM-DD') AS applied_on, procedure, applicant, status,
              outcome, visit, ticket_numbers, letter_status, letter_reference,
              to_char(letter_mailed_on, 'YYYY-MM-DD') AS letter_mailed_on,
              to_char(letter_deadline, 'YYYY-MM-DD') AS letter_deadline, version
         FROM case_directory WHERE ${where.join(' AND ')}
        ORDER BY applied_on DESC, updated_at DESC LIMIT ${LIMIT}`,
      values,
    );
    return rows.map(entryOf);
  }
}

function entryOf(row: DirectoryRow): CaseDirectoryEntry {
  return {
    caseId: row.case_id,
    officeId: row.office_id,
    appliedOn: row.applied_on,
    procedure: row.procedure,
    applicant: row.applicant,
    status: row.status,
    outcome: row.outcome,
    visit: row.visit,
    ticketNumbers: row.ticket_numbers,
    letter: row.letter_status,
    letterReference: row.letter_reference,
    letterMailedOn: row.letter_mailed_on,
    letterDeadline: row.letter_deadline,
    version: row.version,
  };
}
