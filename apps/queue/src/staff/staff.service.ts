import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@madoguchi/domain';
import { type Clock, CLOCK } from '@madoguchi/platform';
import { PasswordHasher } from './password-hasher';
import { StaffError } from './staff.errors';
import type { NewStaffInput } from './staff.inputs';
import { type StaffAccount, StaffRepository } from './staff.repository';

/** Staff accounts: created by a supervisor, or the very first one by the create-supervisor command. */
@Injectable()
export class StaffService {
  constructor(
    @Inject(StaffRepository) private readonly staff: StaffRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async createStaff(input: NewStaffInput, actor: Actor): Promise<StaffAccount> {
    return this.staff.insert({
      id: randomUUID(),
      login: input.login,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await this.hasher.hash(input.password),
      createdAt: this.clock.now(),
      createdBy: actor,
    });
  }

  /** Refused while an active supervisor exists, unless forced (a second supervisor, or recovery of access). */
  async createFirstSupervisor(
    input: Omit<NewStaffInput, 'role'>,
    options: { force: boolean; actor: Actor },
  ): Promise<StaffAccount> {
    if (!options.force && (await this.staff.hasActiveSupervisor())) {
      throw new StaffError('supervisor-exists', 'a supervisor exists already (use --force to add another)');
    }
    return this.createStaff({ ...input, role: 'supervisor' }, options.actor);
  }
}
