import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorCodes, isErrorCode, ErrorCodes } from '../src/index.js';
import { codeLiterals, codeLiteralsIn } from './helpers/code-literals.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

describe('the error-code catalogue', () => {
  it('declares for every code whether it is retriable and fatal, with a description; fatal codes are never retriable', () => {
    for (const code of errorCodes()) {
      const d = errorCatalogue[code];
      expect(typeof d.retriable, code).toBe('boolean');
      expect(typeof d.fatal, code).toBe('boolean');
      expect(d.description.length, code).toBeGreaterThan(10);
      if (d.fatal) expect(d.retriable, code).toBe(false);
    }
    expect(ErrorCodes.PG_UNREACHABLE).toBe('PG_UNREACHABLE');
    expect(Object.keys(ErrorCodes)).toEqual(errorCodes());
  });

  it('has the codes the runner relies on', () => {
    expect(errorCatalogue.REBALANCED).toMatchObject({ retriable: true, fatal: false });
    expect(errorCatalogue.AUTH_FAILED).toMatchObject({ retriable: false, fatal: true });
    expect(errorCatalogue.CONSUMER_CRASHED).toMatchObject({ retriable: true, fatal: false });
    expect(errorCatalogue.PAYLOAD_EXPIRED).toMatchObject({ retriable: false, fatal: false });
  });
});

describe('every error code used in the repository', () => {
  // The scanner and this test hold made-up codes in comments and fixtures.
  const scanner = ['packages/runtime/test/error-codes.test.ts', 'packages/runtime/test/helpers/code-literals.ts'];
  const found = codeLiterals(repo, ['packages', 'services', 'cli', 'test'], scanner);

  it('is declared in error-codes.ts', () => {
    const undeclared = found.filter((f) => !isErrorCode(f.code)).map((f) => `${f.file}:${f.line}: '${f.code}' (${f.via}) is not declared in packages/runtime/src/error-codes.ts`);
    expect(undeclared).toEqual([]);
  });

  it('is found where the scanner should find it (the scan is not vacuous)', () => {
    expect(found.length).toBeGreaterThan(80);
    const at = (file: string, code: string) => found.some((f) => f.file === file && f.code === code);
    expect(at('packages/runtime/src/config.ts', 'CONFIG_INVALID')).toBe(true);
    expect(at('packages/chem/src/chem-error.ts', 'CHEM_WORKER_FAILED')).toBe(true);
    expect(at('packages/genbank/src/errors.ts', 'GENBANK_BAD_LOCUS')).toBe(true);
    expect(at('packages/chem/src/descriptor-core.js', 'RDKIT_NO_STRUCTURE')).toBe(true);
  });

  it('recognises constructor calls (also with a conditional code), dead letters, tables and code fields', () => {
    const text = [
      "throw new StrandError('MADE_UP', 'x');",
      "throw new StrandError(ok ? 'PG_UNREACHABLE' : 'ALSO_MADE_UP', `${what}`, { cause });",
      "throw new GenbankParseError('GENBANK_NOPE', 'bad', { line });",
      "throw new TimeoutError('GET', 100); throw new HttpStatusError({ status: 404, statusText: 'NOT_FOUND_TEXT' });",
      "return deadLetter(key, 'PUBCHEM_GONE', reason, null);",
      "const dl = { errorCode: 'DLQ_CODE', code: 'OBJ_CODE', other: 'NOT_A_CODE' };",
      "export const FooErrorCodes = { A: 'TABLE_CODE' } as const;",
      "export type BarErrorCode = | 'UNION_CODE' | 'PG_CONFLICT';",
      "class UsageError extends Error { readonly code = 'FIELD'; }",
      "if (err.code === 'ENOENT' || x.code === 'ERR_STREAM_PREMATURE_CLOSE') return;",
    ].join('\n');
    const codes = codeLiteralsIn(text, 'x.ts', { isTest: false }).map((f) => `${f.line}:${f.code}`);
    expect(codes).toEqual([
      '1:MADE_UP', '2:PG_UNREACHABLE', '2:ALSO_MADE_UP', '3:GENBANK_NOPE', '6:DLQ_CODE', '6:OBJ_CODE',
      '9:FIELD', '5:PUBCHEM_GONE', '7:TABLE_CODE', '8:UNION_CODE', '8:PG_CONFLICT',
    ]);
  });
});
