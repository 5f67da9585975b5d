/** Password hashing (argon2id) and the password rule shared by every entry point. */
import { hash, verify } from '@node-rs/argon2';
import { appError } from '../errors.ts';

// A fixed hash to verify against when the username is unknown, so a wrong username
// and a wrong password take the same time (no user enumeration by timing).
let dummyHash: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password-1');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** Throws PASSWORD_TOO_WEAK (field named) unless the password meets the rule. */
export function assertPasswordStrong(password: string, username: string, field = 'password'): void {
  const ok =
    password.length >= 8 &&
    password.length <= 256 &&
    /[A-Za-z]/.test(password) &&
    /\d/.test(password) &&
    password.toLowerCase() !== username.toLowerCase();
  if (!ok) throw appError('PASSWORD_TOO_WEAK', { field });
}
