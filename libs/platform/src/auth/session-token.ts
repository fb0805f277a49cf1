import { type KeyObject, randomUUID, sign, verify } from 'node:crypto';
import type { Actor } from '@madoguchi/domain';
import { z } from 'zod';
import { ROLES, type Role, type TokenKind, tokenKindOf } from './roles';

/**
 * Session tokens: `base64url(payload JSON).base64url(Ed25519 signature)`. Only the queue holds the private
 * key and issues them; every service that checks them (queue, audit) needs the public key alone, and no
 * staff database. The signature covers a context string before the payload, so a key used elsewhere by
 * mistake cannot produce a valid session token from a signature it made for something else.
 */
export interface TokenClaims {
  /** The staff account or the device. */
  sub: string;
  role: Role;
  kind: TokenKind;
  /** Issued at and expires at, in whole seconds since the epoch. */
  iat: number;
  exp: number;
  /** This token's own id (a device's token can be revoked by it). */
  jti: string;
  /** The office a device stands in (kiosk, display); absent for staff. */
  office?: string;
}

export type TokenRejection = 'malformed' | 'bad-signature' | 'expired' | 'not-yet-valid';

export type TokenVerification = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenRejection };

export interface TokenLifetimes {
  staffSeconds: number;
  deviceSeconds: number;
}

export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = {
  // A counter day (08:30–17:15) with room for overtime, and no more.
  staffSeconds: 10 * 60 * 60,
  deviceSeconds: 365 * 24 * 60 * 60,
};

const SIGNING_CONTEXT = Buffer.from('madoguchi session token v1\n', 'utf8');
/** Clocks of replicas drift a little; a token issued slightly "in the future" is still fine. */
const CLOCK_SKEW_SECONDS = 60;
const MAX_TOKEN_LENGTH = 2_048;
const ED25519_SIGNATURE_BYTES = 64;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const claimsSchema = z
  .strictObject({
    sub: z.string().min(1).max(128),
    role: z.enum(ROLES),
    kind: z.enum(['staff', 'device']),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().positive(),
    jti: z.string().min(1).max(128),
    office: z.string().min(1).max(64).optional(),
  })
  .refine((claims) => claims.kind === tokenKindOf(claims.role), 'kind does not match role')
  .refine((claims) => claims.exp > claims.iat, 'expires before it is issued')
  .refine((claims) => (claims.kind === 'device') === (claims.office !== undefined), 'office is for devices');

function assertEd25519(key: KeyObject, type: 'public' | 'private'): void {
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== type) {
    throw new Error(`session tokens need an Ed25519 ${type} key`);
  }
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The actor a session acts as: recorded with every command it issues. */
export function actorOfClaims(claims: TokenClaims): Actor {
  return { kind: claims.role, id: claims.sub };
}

export class TokenVerifier {
  constructor(private readonly publicKey: KeyObject) {
    assertEd25519(publicKey, 'public');
  }

  verify(token: string, now: Date): TokenVerification {
    if (token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token))
      return { ok: false, reason: 'malformed' };
    const [payloadPart = '', signaturePart = ''] = token.split('.');
    const signature = Buffer.from(signaturePart, 'base64url');
    if (signature.length !== ED25519_SIGNATURE_BYTES) return { ok: false, reason: 'malformed' };
    const signed = Buffer.concat([SIGNING_CONTEXT, Buffer.from(payloadPart, 'ascii')]);
    if (!verify(null, signed, this.publicKey, signature)) return { ok: false, reason: 'bad-signature' };

    // Only a payload we signed ourselves gets parsed; still, it must have the shape we sign.
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    const claims: TokenClaims = parsed.data;
    const nowSeconds = seconds(now);
    if (claims.iat > nowSeconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'not-yet-valid' };
    if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }
}

export interface TokenGrant {
  subject: string;
  role: Role;
  /** Required for device roles, refused for staff. */
  office?: string;
  /** A fresh random id unless given (a device keeps its token id in the registry). */
  tokenId?: string;
}

export class TokenIssuer {
  constructor(
    private readonly privateKey: KeyObject,
    private readonly lifetimes: TokenLifetimes = DEFAULT_TOKEN_LIFETIMES,
  ) {
    assertEd25519(privateKey, 'private');
  }

  issue(grant: TokenGrant, now: Date): { token: string; claims: TokenClaims } {
    const kind = tokenKindOf(grant.role);
    if ((kind === 'device') !== (grant.office !== undefined)) {
      throw new Error(`a ${kind} token ${kind === 'device' ? 'needs' : 'takes no'} office`);
    }
    const iat = seconds(now);
    const lifetime = kind === 'device' ? this.lifetimes.deviceSeconds : this.lifetimes.staffSeconds;
    const claims: TokenClaims = {
      sub: grant.subject,
      role: grant.role,
      kind,
      iat,
      exp: iat + lifetime,
      jti: grant.tokenId ?? randomUUID(),
      ...(grant.office === undefined ? {} : { office: grant.office }),
    };
    const payloadPart = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    const signed = Buffer.concat([SIGNING_CONTEXT, Buffer.from(payloadPart, 'ascii')]);
    const signature = sign(null, signed, this.privateKey).toString('base64url');
    return { token: `${payloadPart}.${signature}`, claims };
  }
}
