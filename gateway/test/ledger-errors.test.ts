import { chaincodeCode, ledgerErrorToApiError, LedgerError } from '../src/errors/ledger-errors';
import { toApiError } from '../src/errors/problem';

describe('chaincode error mapping', () => {
  it('finds the first [CODE] anywhere in the wrapped message', () => {
    expect(chaincodeCode('10 ABORTED: failed to endorse transaction | chaincode response 500, [DIPLOMA_NOT_FOUND] Diploma BKA:X does not exist')).toBe('DIPLOMA_NOT_FOUND');
    expect(chaincodeCode('no code here [lowercase]')).toBeUndefined();
  });

  it('maps codes to the documented HTTP statuses', () => {
    const status = (code: string) => ledgerErrorToApiError(new LedgerError(code, 'm', true)).status;
    expect(status('INVALID_ARGUMENT')).toBe(400);
    expect(status('NOT_AUTHORIZED')).toBe(403);
    expect(status('DIPLOMA_NOT_FOUND')).toBe(404);
    expect(status('HASH_CONFLICT')).toBe(409);
    expect(status('BATCH_TOO_LARGE')).toBe(413);
    expect(status('LEDGER_UNAVAILABLE')).toBe(503);
  });

  it('never exposes unexpected errors', () => {
    const e = toApiError(new Error('secret stack detail'));
    expect(e.status).toBe(500);
    expect(e.message).not.toContain('secret');
  });

  it('maps database outages and SQLite write contention to 503', () => {
    expect(toApiError(Object.assign(new Error('x'), { name: 'MongoServerSelectionError' })).code).toBe('DATABASE_UNAVAILABLE');
    expect(toApiError(new Error('database is locked (5) (SQLITE_BUSY)')).code).toBe('DATABASE_BUSY');
  });
});
