import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@madoguchi/domain';
import { DATA_SOURCE, type StaffRole } from '@madoguchi/platform';
import type { DataSource } from 'typeorm';
import { StaffError } from './staff.errors';

export interface StaffAccount {
  id: string;
  login: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  createdAt: Date;
}

export interface NewStaffAccount extends Omit<StaffAccount, 'active'> {
  passwordHash: string;
  createdBy: Actor;
}

interface StaffRow {
  id: string;
  login: string;
  display_name: string;
  role: StaffRole;
  active: boolean;
  created_at: Date;
  password_hash: string;
}

const UNIQUE_VIOLATION = '23505';

function toAccount(row: StaffRow): StaffAccount {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    active: row.active,
    createdAt: row.created_at,
  };
}

@Injectable()
export class StaffRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async insert(account: NewStaffAccount): Promise<StaffAccount> {
    try {
      const [row]: StaffRow[] = await this.dataSource.query(
        `INSERT INTO staff_accounts (id, login, display_name, role, password_hash, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, login, display_name, role, active, created_at`,
        [
          account.id,
          account.login,
          account.displayName,
          account.role,
          account.passwordHash,
          account.createdAt,
          JSON.stringify(account.createdBy),
        ],
      );
      if (!row) throw new Error('INSERT returned no row');
      return toAccount(row);
    } catch (error) {
      const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      if (
        driverError?.code === UNIQUE_VIOLATION &&
        driverError.constraint === 'staff_accounts_login_unique'
      ) {
        throw new StaffError('login-taken', `login ${account.login} is taken`);
      }
      throw error;
    }
  }

  /** The account and its password hash, for sign-in only. */
  async findCredentials(login: string): Promise<(StaffAccount & { passwordHash: string }) | undefined> {
    const [row]: StaffRow[] = await this.dataSource.query(
      `SELECT id, login, display_name, role, active, created_at, password_hash
       FROM staff_accounts WHERE login = $1`,
      [login],
    );
    return row && { ...toAccount(row), passwordHash: row.password_hash };
  }

  async hasActiveSupervisor(): Promise<boolean> {
    const [row]: { exists: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM staff_accounts WHERE role = 'supervisor' AND active) AS exists`,
    );
    return row?.exists === true;
  }
}
