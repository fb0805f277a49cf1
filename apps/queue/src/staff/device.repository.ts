import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@madoguchi/domain';
import { DATA_SOURCE, type DeviceRole, type DeviceTokenRevocations } from '@madoguchi/platform';
import type { DataSource } from 'typeorm';

export interface Device {
  id: string;
  kind: DeviceRole;
  officeId: string;
  label: string;
  registeredAt: Date;
  revokedAt: Date | null;
}

export interface NewDevice extends Omit<Device, 'revokedAt'> {
  tokenId: string;
  registeredBy: Actor;
}

interface DeviceRow {
  id: string;
  kind: DeviceRole;
  office_id: string;
  label: string;
  registered_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, kind, office_id, label, registered_at, revoked_at';

function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    kind: row.kind,
    officeId: row.office_id,
    label: row.label,
    registeredAt: row.registered_at,
    revokedAt: row.revoked_at,
  };
}

/** The registry of kiosks and displays; also the revocation check the auth guard asks on each device request. */
@Injectable()
export class DeviceRepository implements DeviceTokenRevocations {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async insert(device: NewDevice): Promise<Device> {
    const [row]: DeviceRow[] = await this.dataSource.query(
      `INSERT INTO devices (id, kind, office_id, label, token_id, registered_at, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${COLUMNS}`,
      [
        device.id,
        device.kind,
        device.officeId,
        device.label,
        device.tokenId,
        device.registeredAt,
        JSON.stringify(device.registeredBy),
      ],
    );
    if (!row) throw new Error('INSERT returned no row');
    return toDevice(row);
  }

  /** Revokes once: a second revocation keeps the first one's time and actor. Undefined for an unknown id. */
  async revoke(id: string, by: Actor, at: Date): Promise<Device | undefined> {
    // TypeORM answers an UPDATE with [rows, affected row count].
    const [rows]: [DeviceRow[], number] = await this.dataSource.query(
      `UPDATE devices
       SET revoked_at = COALESCE(revoked_at, $2), revoked_by = COALESCE(revoked_by, $3)
       WHERE id = $1
       RETURNING ${COLUMNS}`,
      [id, at, JSON.stringify(by)],
    );
    const [row] = rows;
    return row && toDevice(row);
  }

  async isRevoked(deviceId: string, tokenId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM devices WHERE id = $1 AND token_id = $2 AND revoked_at IS NULL`,
      [deviceId, tokenId],
    );
    return rows.length === 0;
  }
}
