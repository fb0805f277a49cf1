import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@madoguchi/domain';
import { type Clock, CLOCK, TokenIssuer } from '@madoguchi/platform';
import { type Device, DeviceRepository } from './device.repository';
import { StaffError } from './staff.errors';
import type { NewDeviceInput } from './staff.inputs';

export interface RegisteredDevice extends Device {
  /** Shown once, at registration: the registry keeps only its id. */
  token: string;
  expiresAt: string;
}

/** Kiosks and displays: registered by a supervisor, each with a long-lived token that can be revoked. */
@Injectable()
export class DeviceService {
  constructor(
    @Inject(DeviceRepository) private readonly devices: DeviceRepository,
    @Inject(TokenIssuer) private readonly issuer: TokenIssuer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(input: NewDeviceInput, actor: Actor): Promise<RegisteredDevice> {
    const now = this.clock.now();
    const id = randomUUID();
    const { token, claims } = this.issuer.issue(
      { subject: id, role: input.kind, office: input.officeId },
      now,
    );
    const device = await this.devices.insert({
      id,
      kind: input.kind,
      officeId: input.officeId,
      label: input.label,
      tokenId: claims.jti,
      registeredAt: now,
      registeredBy: actor,
    });
    return { ...device, token, expiresAt: new Date(claims.exp * 1000).toISOString() };
  }

  async revoke(id: string, actor: Actor): Promise<void> {
    const device = await this.devices.revoke(id, actor, this.clock.now());
    if (!device) throw new StaffError('device-not-found', `no device ${id}`);
  }
}
