import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, it, expect } from 'vitest';
import { loadConfig, quoteIdentifier } from '@strand/runtime';
import { connectPool, scramSha256Verifier } from '../src/index.js';

interface Session { clientNonce: string; response: string; serverSignature: string }
// node-postgres' own SCRAM client (what a service logging in with the password runs).
const sasl = createRequire(import.meta.url)('pg/lib/crypto/sasl.js') as {
  startSession(mechanisms: string[]): Session;
  continueSession(session: Session, password: string, serverFirst: string): Promise<void>;
};

/** Plays the server's part of a SCRAM-SHA-256 login against `verifier`: whether the client proved it knows the password. */
async function serverAccepts(verifier: string, password: string): Promise<boolean> {
  const [, iterSalt, keys] = /^SCRAM-SHA-256\$(.+)\$(.+)$/.exec(verifier)!;
  const [iterations, salt] = iterSalt!.split(':');
  const [storedKey, serverKey] = keys!.split(':').map((k) => Buffer.from(k, 'base64'));
  const session = sasl.startSession(['SCRAM-SHA-256']);
  const serverNonce = `${session.clientNonce}${randomBytes(9).toString('base64')}`;
  const serverFirst = `r=${serverNonce},s=${salt},i=${iterations}`;
  await sasl.continueSession(session, password, serverFirst);
  const proof = Buffer.from(/,p=(.+)$/.exec(session.response)![1]!, 'base64');
  const authMessage = `n=*,r=${session.clientNonce},${serverFirst},${session.response.replace(/,p=.+$/, '')}`;
  const clientSignature = createHmac('sha256', storedKey!).update(authMessage).digest();
  const clientKey = Buffer.from(proof.map((b, i) => b ^ clientSignature[i]!));
  const proved = createHash('sha256').update(clientKey).digest().equals(storedKey!);
  // The client checks the server the same way: the server signature must be the one it expects.
  return proved && createHmac('sha256', serverKey!).update(authMessage).digest('base64') === session.serverSignature;
}

describe('scramSha256Verifier', () => {
  it('is a verifier node-postgres logs in against with the password, and only with it', async () => {
    const verifier = scramSha256Verifier('correct horse battery staple');
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(verifier).not.toContain('correct horse');
    expect(await serverAccepts(verifier, 'correct horse battery staple')).toBe(true);
    expect(await serverAccepts(verifier, 'correct horse battery stapler')).toBe(false);
    // SASLprep: a no-break space is a space, as PostgreSQL and node-postgres see it.
    expect(await serverAccepts(scramSha256Verifier('pass\u00A0word'), 'pass word')).toBe(true);
  });

  it('is stored by PostgreSQL as given (taken as a verifier, not hashed again as a password)', async () => {
    const pool = await connectPool(loadConfig(), { max: 1 });
    const role = `scram_test_${randomBytes(4).toString('hex')}`;
    try {
      const verifier = scramSha256Verifier('a password of the test');
      await pool.query(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD '${verifier}'`);
      const { rows } = await pool.query<{ p: string }>('SELECT rolpassword AS p FROM pg_authid WHERE rolname = $1', [role]);
      expect(rows[0]!.p).toBe(verifier);
    } finally {
      await pool.query(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`);
      await pool.end();
    }
  });
});
