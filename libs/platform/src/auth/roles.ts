import type { Actor } from '@madoguchi/domain';

/** People who sign in with a login and password. */
export const STAFF_ROLES = ['clerk', 'supervisor', 'auditor'] as const;
/** Machines that hold a long-lived token issued by a supervisor. */
export const DEVICE_ROLES = ['kiosk', 'display'] as const;
export const ROLES = [...STAFF_ROLES, ...DEVICE_ROLES] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type DeviceRole = (typeof DEVICE_ROLES)[number];
export type Role = StaffRole | DeviceRole;
export type TokenKind = 'staff' | 'device';

// Every role is also an actor kind, so a session becomes the actor recorded with each command.
const _everyRoleIsAnActorKind: Role extends Actor['kind'] ? true : never = true;
void _everyRoleIsAnActorKind;

export function isDeviceRole(role: Role): role is DeviceRole {
  return (DEVICE_ROLES as readonly Role[]).includes(role);
}

export function tokenKindOf(role: Role): TokenKind {
  return isDeviceRole(role) ? 'device' : 'staff';
}
