import { NotFoundException } from '@nestjs/common';
import type { Office } from './office';

export const OFFICES = Symbol('OFFICES');

/** The offices configured at boot; nothing here changes while the app runs. */
export class OfficeDirectory {
  private readonly byId: ReadonlyMap<string, Office>;

  constructor(offices: readonly Office[]) {
    this.byId = new Map(offices.map((office) => [office.id, office]));
  }

  list(): Office[] {
    return [...this.byId.values()];
  }

  /** The office, or a 404 naming it (ids are validated before they get here, so echoing one is safe). */
  get(officeId: string): Office {
    const office = this.byId.get(officeId);
    if (!office) throw new NotFoundException(`officeId: office ${officeId} is not configured`);
    return office;
  }
}
