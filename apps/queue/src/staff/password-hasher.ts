import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/** scrypt cost as stored with each hash: N = 2^ln, block size r, parallelism p. */
export interface ScryptCost {
  ln: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8, p = 1: 32 MiB of memory per guess. Raise `ln` to make guessing dearer still. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { ln: 15, r: 8, p: 1 };
const MINIMUM_LN = 15;
/** A corrupt row must not make one login cost gigabytes. */
const MAXIMUM_COST: ScryptCost = { ln: 20, r: 16, p: 4 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;

const HASH_FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.ln;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 2 * 128 * N * cost.r * cost.p };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

const b64 = (buffer: Buffer) => buffer.toString('base64').replace(/=+$/, '');

/**
 * Staff passwords, hashed with scrypt (memory-hard) and a random salt per password. The stored string
 * carries its own parameters, PHC style: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, so the cost can be raised
 * later without invalidating existing hashes.
 */
export class PasswordHasher {
  private decoy: Promise<string> | undefined;

  constructor(private readonly cost: ScryptCost = DEFAULT_SCRYPT_COST) {
    if (cost.ln < MINIMUM_LN) throw new Error(`scrypt cost below N = 2^${MINIMUM_LN}`);
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.cost);
    const { ln, r, p } = this.cost;
    return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
  }

  /** Constant-time comparison; a malformed or absurdly expensive stored hash matches nothing. */
  async verify(password: string, stored: string): Promise<boolean> {
    const match = HASH_FORMAT.exec(stored);
    if (!match) return false;
    const [, ln, r, p, salt, expected] = match;
    const cost = { ln: Number(ln), r: Number(r), p: Number(p) };
    if (cost.ln > MAXIMUM_COST.ln || cost.r > MAXIMUM_COST.r || cost.p > MAXIMUM_COST.p) return false;
    if (cost.ln < 1 || cost.r < 1 || cost.p < 1) return false;
    const expectedKey = Buffer.from(expected ?? '', 'base64');
    const key = await derive(password, Buffer.from(salt ?? '', 'base64'), cost);
    return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
  }

  /**
   * The work of a verification for a login that does not exist, so that an unknown login and a wrong
   * password take the same time and get the same answer.
   */
  async verifyNothing(password: string): Promise<false> {
    this.decoy ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(password, await this.decoy);
    return false;
  }
}
