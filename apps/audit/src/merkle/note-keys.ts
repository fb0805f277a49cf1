import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * Ed25519 keys of C2SP signed notes (https://c2sp.org/signed-note): a key is known by its name and a
 * 4-byte id, SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], where 0x01 is the Ed25519 signature type.
 */
const ED25519_TYPE = 0x01;
/** DER prefixes of an Ed25519 PKCS#8 private key and SPKI public key (RFC 8410), before the 32 key bytes. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class NoteKeyError extends Error {
  override readonly name = 'NoteKeyError';
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Buffer;
  verify(message: Buffer, signature: Buffer): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: Buffer;
  sign(message: Buffer): Buffer;
  readonly verifier: NoteVerifier;
}

/** Names are non-empty and hold neither spaces nor '+', which separate the parts of a signature line and a vkey. */
export function assertKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) {
    throw new NoteKeyError(`key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
  }
}

export function keyIdOf(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_TYPE]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

export function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new NoteKeyError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/**
 * A signing key as configured: base64 of the 32-byte seed, base64 of a PKCS#8 DER Ed25519 private key,
 * or a signed-note signer key `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>`.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('PRIVATE+KEY+')) return parseNoteSignerKey(trimmed).privateKey;
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length === 32) return privateKeyFromSeed(bytes);
  try {
    const key = createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new NoteKeyError('not an Ed25519 key');
    return key;
  } catch {
    throw new NoteKeyError('must be base64 of a 32-byte Ed25519 seed or of a PKCS#8 Ed25519 private key');
  }
}

/** Go's sumdb/note signer key format, as `note.GenerateKey` prints it. */
export function parseNoteSignerKey(skey: string): { name: string; privateKey: KeyObject } {
  const shape = 'a signer key reads PRIVATE+KEY+<name>+<hex id>+<base64 key>';
  if (!skey.startsWith('PRIVATE+KEY+')) throw new NoteKeyError(shape);
  const { name, hexId, key } = splitKey(skey.slice('PRIVATE+KEY+'.length), shape);
  if (key.length !== 33 || key[0] !== ED25519_TYPE)
    throw new NoteKeyError('only Ed25519 signer keys are supported');
  const privateKey = privateKeyFromSeed(key.subarray(1));
  if (keyIdOf(name, rawPublicKeyOf(privateKey)).toString('hex') !== hexId) {
    throw new NoteKeyError('the key id of the signer key does not match its key');
  }
  return { name, privateKey };
}

export function formatNoteSignerKey(name: string, privateKey: KeyObject): string {
  const id = keyIdOf(name, rawPublicKeyOf(privateKey)).toString('hex');
  const key = Buffer.concat([Buffer.from([ED25519_TYPE]), seedOf(privateKey)]).toString('base64');
  return `PRIVATE+KEY+${name}+${id}+${key}`;
}

export function seedOf(privateKey: KeyObject): Buffer {
  return privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
}

export function rawPublicKeyOf(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

export function ed25519Verifier(name: string, rawPublicKey: Buffer): NoteVerifier {
  assertKeyName(name);
  if (rawPublicKey.length !== 32) throw new NoteKeyError('an Ed25519 public key is 32 bytes');
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, rawPublicKey]),
    format: 'der',
    type: 'spki',
  });
  return {
    name,
    keyId: keyIdOf(name, rawPublicKey),
    verify: (message, signature) => signature.length === 64 && verify(null, message, publicKey, signature),
  };
}

export function ed25519Signer(name: string, privateKey: KeyObject): NoteSigner {
  const verifier = ed25519Verifier(name, rawPublicKeyOf(privateKey));
  return {
    name,
    keyId: verifier.keyId,
    sign: (message) => sign(null, message, privateKey),
    verifier,
  };
}

/** The verifier key an auditor is given: `<name>+<hex key id>+<base64(0x01 ‖ public key)>`. */
export function formatVerifierKey(name: string, rawPublicKey: Buffer): string {
  const verifier = ed25519Verifier(name, rawPublicKey);
  return `${name}+${verifier.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519_TYPE]), rawPublicKey]).toString('base64')}`;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  const { name, hexId, key } = splitKey(
    vkey.trim(),
    'a verifier key reads <name>+<8 hex digits>+<base64 key>',
  );
  if (key.length !== 33 || key[0] !== ED25519_TYPE) {
    throw new NoteKeyError('only Ed25519 verifier keys (type 0x01, 32 bytes) are supported');
  }
  const verifier = ed25519Verifier(name, key.subarray(1));
  if (verifier.keyId.toString('hex') !== hexId) throw new NoteKeyError('the key id does not match the key');
  return verifier;
}

/** `<name>+<hex id>+<base64>`: the base64 may itself hold '+', so only the first two separate. */
function splitKey(text: string, shape: string): { name: string; hexId: string; key: Buffer } {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text);
  if (!match) throw new NoteKeyError(shape);
  return {
    name: match[1] as string,
    hexId: match[2] as string,
    key: Buffer.from(match[3] as string, 'base64'),
  };
}
