import { DEFAULT_SCRYPT_COST, PasswordHasher } from './password-hasher';

const hasher = new PasswordHasher();
const PASSWORD = 'correct horse battery staple';

describe('PasswordHasher: scrypt with a salt per password and its cost stored beside the hash', () => {
  let stored: string;
  beforeAll(async () => {
    stored = await hasher.hash(PASSWORD);
  });

  it('stores the parameters with the hash, with N of at least 2^15', () => {
    expect(stored).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(2 ** DEFAULT_SCRYPT_COST.ln).toBeGreaterThanOrEqual(2 ** 15);
    expect(stored).not.toContain(PASSWORD);
  });

  it('salts each hash: the same password never hashes the same twice', async () => {
    const again = await hasher.hash(PASSWORD);
    expect(again).not.toBe(stored);
    expect(again.split('$')[3]).not.toBe(stored.split('$')[3]);
    await expect(hasher.verify(PASSWORD, again)).resolves.toBe(true);
  });

  it('accepts the password and nothing else', async () => {
    await expect(hasher.verify(PASSWORD, stored)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(hasher.verify(`${PASSWORD} `, stored)).resolves.toBe(false);
    await expect(hasher.verify('', stored)).resolves.toBe(false);
  });

  it('treats the password as Unicode text: composed and decomposed forms are the same password', async () => {
    const composed = await hasher.hash('ぱすわーどは十二文字以上です');
    await expect(hasher.verify('ぱすわーどは十二文字以上です'.normalize('NFD'), composed)).resolves.toBe(
      true,
    );
  });

  it('matches nothing against a changed, malformed or absurdly expensive stored hash', async () => {
    const [, , params, salt, key] = stored.split('$');
    const otherSalt = `${salt?.startsWith('A') ? 'B' : 'A'}${salt?.slice(1)}`;
    await expect(hasher.verify(PASSWORD, `$scrypt$${params}$${otherSalt}$${key}`)).resolves.toBe(false);
    await expect(hasher.verify(PASSWORD, `$scrypt$ln=16,r=8,p=1$${salt}$${key}`)).resolves.toBe(false);
    await expect(hasher.verify(PASSWORD, `$scrypt$ln=40,r=8,p=1$${salt}$${key}`)).resolves.toBe(false);
    await expect(hasher.verify(PASSWORD, 'plaintext')).resolves.toBe(false);
    await expect(hasher.verify(PASSWORD, '')).resolves.toBe(false);
  });

  it('verifies hashes made at another cost, read from the hash itself', async () => {
    const dearer = new PasswordHasher({ ln: 16, r: 8, p: 1 });
    const hash = await dearer.hash(PASSWORD);
    expect(hash).toMatch(/^\$scrypt\$ln=16,/);
    await expect(hasher.verify(PASSWORD, hash)).resolves.toBe(true);
  });

  it('refuses to hash below N = 2^15', () => {
    expect(() => new PasswordHasher({ ln: 14, r: 8, p: 1 })).toThrow(/2\^15/);
  });

  it('does a full verification for an unknown login, and answers false', async () => {
    await expect(hasher.verifyNothing(PASSWORD)).resolves.toBe(false);
  });
});
