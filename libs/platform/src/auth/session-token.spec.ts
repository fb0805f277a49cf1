import { generateKeyPairSync, sign } from 'node:crypto';
import { actorOfClaims, DEFAULT_TOKEN_LIFETIMES, TokenIssuer, TokenVerifier } from './session-token';

const keys = generateKeyPairSync('ed25519');
const issuer = new TokenIssuer(keys.privateKey);
const verifier = new TokenVerifier(keys.publicKey);
const issuedAt = new Date('2026-04-01T08:30:00+09:00');
const later = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);

/** Re-encodes one part of a token (payload 0, signature 1) after changing it. */
function tamper(token: string, part: 0 | 1, change: (bytes: Buffer) => Buffer): string {
  const parts = token.split('.');
  parts[part] = change(Buffer.from(parts[part] ?? '', 'base64url')).toString('base64url');
  return parts.join('.');
}

describe('session tokens: Ed25519-signed, compact, short-lived for staff', () => {
  it('issues a staff token that verifies to its claims and the domain actor', () => {
    const { token, claims } = issuer.issue({ subject: 'staff-1', role: 'clerk' }, issuedAt);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(claims).toEqual({
      sub: 'staff-1',
      role: 'clerk',
      kind: 'staff',
      iat: issuedAt.getTime() / 1000,
      exp: issuedAt.getTime() / 1000 + 10 * 60 * 60,
      jti: claims.jti,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifier.verify(token, later(60))).toEqual({ ok: true, claims });
    expect(actorOfClaims(claims)).toEqual({ kind: 'clerk', id: 'staff-1' });
  });

  it('gives each token its own id', () => {
    const first = issuer.issue({ subject: 's', role: 'auditor' }, issuedAt).claims.jti;
    const second = issuer.issue({ subject: 's', role: 'auditor' }, issuedAt).claims.jti;
    expect(first).not.toBe(second);
  });

  it('gives devices a long-lived token that names their office', () => {
    const { token, claims } = issuer.issue({ subject: 'kiosk-1', role: 'kiosk', office: 'atsugi' }, issuedAt);
    expect(claims.kind).toBe('device');
    expect(claims.office).toBe('atsugi');
    expect(claims.exp - claims.iat).toBe(DEFAULT_TOKEN_LIFETIMES.deviceSeconds);
    expect(verifier.verify(token, later(200 * 24 * 60 * 60)).ok).toBe(true);
  });

  it('refuses to issue a device token without an office, or a staff token with one', () => {
    expect(() => issuer.issue({ subject: 'd', role: 'display' }, issuedAt)).toThrow(/office/);
    expect(() => issuer.issue({ subject: 's', role: 'clerk', office: 'atsugi' }, issuedAt)).toThrow(/office/);
  });

  it('expires: valid up to the last second, refused from the expiry on', () => {
    const { token, claims } = issuer.issue({ subject: 's', role: 'supervisor' }, issuedAt);
    const lifetime = claims.exp - claims.iat;
    expect(verifier.verify(token, later(lifetime - 1)).ok).toBe(true);
    expect(verifier.verify(token, later(lifetime))).toEqual({ ok: false, reason: 'expired' });
  });

  it('honours configured lifetimes', () => {
    const eightHours = new TokenIssuer(keys.privateKey, { staffSeconds: 8 * 3600, deviceSeconds: 86_400 });
    const { token } = eightHours.issue({ subject: 's', role: 'clerk' }, issuedAt);
    expect(verifier.verify(token, later(8 * 3600 - 1)).ok).toBe(true);
    expect(verifier.verify(token, later(8 * 3600)).ok).toBe(false);
  });

  it('refuses a token issued in the future beyond a minute of clock drift', () => {
    const { token } = issuer.issue({ subject: 's', role: 'clerk' }, later(120));
    expect(verifier.verify(token, issuedAt)).toEqual({ ok: false, reason: 'not-yet-valid' });
    expect(verifier.verify(token, later(61)).ok).toBe(true);
  });

  it('refuses a payload changed after signing (a clerk making itself supervisor)', () => {
    const { token } = issuer.issue({ subject: 's', role: 'clerk' }, issuedAt);
    const forged = tamper(token, 0, (payload) =>
      Buffer.from(payload.toString('utf8').replace('"clerk"', '"supervisor"')),
    );
    expect(forged).not.toBe(token);
    expect(verifier.verify(forged, issuedAt)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a changed signature and a signature from another key', () => {
    const { token } = issuer.issue({ subject: 's', role: 'clerk' }, issuedAt);
    const flipped = tamper(token, 1, (signature) => {
      const copy = Buffer.from(signature);
      copy[0] = (copy[0] ?? 0) ^ 1;
      return copy;
    });
    expect(verifier.verify(flipped, issuedAt)).toEqual({ ok: false, reason: 'bad-signature' });
    const stranger = new TokenIssuer(generateKeyPairSync('ed25519').privateKey);
    const foreign = stranger.issue({ subject: 's', role: 'supervisor' }, issuedAt).token;
    expect(verifier.verify(foreign, issuedAt)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses what is not a token at all, without throwing', () => {
    const { token } = issuer.issue({ subject: 's', role: 'clerk' }, issuedAt);
    const [payload] = token.split('.');
    for (const garbage of [
      '',
      'abc',
      `${payload}.`,
      `${token}.extra`,
      `${payload}.${Buffer.alloc(10).toString('base64url')}`,
      'a'.repeat(5_000),
      'with spaces.and+slashes/',
    ]) {
      expect(verifier.verify(garbage, issuedAt)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses well-signed claims of the wrong shape', () => {
    // The wire format, written out: base64url(JSON).base64url(Ed25519(context ‖ first part)).
    const signRaw = (claims: unknown) => {
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const signed = Buffer.concat([Buffer.from('madoguchi session token v1\n'), Buffer.from(payload)]);
      return `${payload}.${sign(null, signed, keys.privateKey).toString('base64url')}`;
    };
    const iat = issuedAt.getTime() / 1000;
    const good = { sub: 's', role: 'clerk', kind: 'staff', iat, exp: iat + 60, jti: 'j' };
    expect(verifier.verify(signRaw(good), issuedAt).ok).toBe(true);
    for (const bad of [
      { ...good, kind: 'device' }, // a staff role on a device token
      { ...good, role: 'kiosk' }, // a device role on a staff token, without an office
      { ...good, role: 'system' }, // not a role at all
      { ...good, exp: iat }, // expires when issued
      { ...good, admin: true }, // an unknown claim
      { ...good, sub: '' },
      'not an object',
    ]) {
      expect(verifier.verify(signRaw(bad), issuedAt)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('accepts only Ed25519 keys of the right half', () => {
    expect(() => new TokenVerifier(keys.privateKey)).toThrow(/Ed25519 public key/);
    expect(() => new TokenIssuer(keys.publicKey)).toThrow(/Ed25519 private key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => new TokenVerifier(rsa.publicKey)).toThrow(/Ed25519/);
  });
});
