import { DEVICE_ROLES, STAFF_ROLES } from '@madoguchi/platform';
import { z } from 'zod';

/** Logins are case-insensitive: stored and compared in lower case. */
export const loginName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3-64 letters, digits, ".", "_" or "-"');

export const displayName = z.string().trim().min(1).max(100);

/** Long enough to resist guessing, short enough that hashing it costs nothing extra. */
export const newPassword = z.string().min(12).max(256);

export const loginBody = z.strictObject({
  login: loginName,
  password: z.string().min(1).max(256),
});
export type LoginInput = z.output<typeof loginBody>;

export const newStaffBody = z.strictObject({
  login: loginName,
  displayName,
  role: z.enum(STAFF_ROLES),
  password: newPassword,
});
export type NewStaffInput = z.output<typeof newStaffBody>;

export const newDeviceBody = z.strictObject({
  kind: z.enum(DEVICE_ROLES),
  officeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1-64 lower-case letters, digits or "-"'),
  label: displayName,
});
export type NewDeviceInput = z.output<typeof newDeviceBody>;

export const deviceId = z.uuid();
