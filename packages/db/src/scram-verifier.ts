import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * SASLprep's steps that change a password's bytes, as PostgreSQL and node-postgres apply them before
 * hashing: non-ASCII spaces become U+0020, characters "mapped to nothing" go, then NFKC. ASCII
 * passwords are unchanged.
 */
function saslprep(password: string): string {
  // eslint-disable-next-line no-misleading-character-class
  return password.replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ').replace(/[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '').normalize('NFKC');
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (the form `ALTER ROLE ... PASSWORD`
 * accepts pre-hashed), so a role's password is never sent as text, and so never lands in a
 * server log that records DDL.
 */
export function scramSha256Verifier(password: string, iterations = 4096, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(saslprep(password), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
