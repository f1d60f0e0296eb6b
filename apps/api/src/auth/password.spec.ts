import { hashPassword, needsRehash, verifyPassword } from './password';

// Cheap parameters keep the unit tests fast; the format and comparison are what is under test.
const FAST = { ln: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('should verify the same password when it was hashed with a salt', async () => {
    const stored = await hashPassword('Mật khẩu đúng', FAST);

    expect(stored).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifyPassword('Mật khẩu đúng', stored)).resolves.toBe(true);
  });

  it('should refuse a different password when verifying', async () => {
    const stored = await hashPassword('dung', FAST);

    await expect(verifyPassword('sai', stored)).resolves.toBe(false);
    await expect(verifyPassword('Dung', stored)).resolves.toBe(false);
  });

  it('should give two different hashes when the same password is hashed twice', async () => {
    expect(await hashPassword('x', FAST)).not.toBe(await hashPassword('x', FAST));
  });

  it('should treat composed and decomposed Vietnamese letters as the same password when comparing', async () => {
    const stored = await hashPassword('Nga\u0301', FAST); // decomposed á

    await expect(verifyPassword('Ngá', stored)).resolves.toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['a bcrypt hash', '$2b$10$abcdefghijklmnopqrstuuq4bC8cW6xYy0Hh7uZQ9kY5rYkF2Q0mK'],
    ['absurd parameters', '$scrypt$ln=40,r=8,p=1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['a truncated key', '$scrypt$ln=10,r=8,p=1$c2FsdA==$a2V5'],
  ])('should refuse any password when the stored value is %s', async (_label, stored) => {
    await expect(verifyPassword('x', stored)).resolves.toBe(false);
  });

  it('should ask for a rehash when the stored hash is weaker than the defaults', async () => {
    expect(needsRehash(await hashPassword('x', FAST))).toBe(true);
    expect(needsRehash(await hashPassword('x'))).toBe(false);
  });
});
