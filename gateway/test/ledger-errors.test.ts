import { chaincodeCode, ledgerErrorToApiError, LedgerError, signerRefusal } from '../src/errors/ledger-errors';
import { toLedgerError } from '../src/ledger/ledger-client';
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

  it('maps a revoked signer to 403 SIGNER_REVOKED: the chaincode\'s code, or the peer refusing the submitter\'s certificate', () => {
    expect(ledgerErrorToApiError(new LedgerError('SIGNER_REVOKED', 'm', true))).toMatchObject({ status: 403, code: 'SIGNER_REVOKED' });
    const peer = '10 ABORTED: failed to endorse transaction, see attached details for more info | error validating proposal: access denied: channel [vanbang] creator org [MinistryMSP]';
    const refused = toLedgerError(new Error(peer), true);
    expect(refused).toMatchObject({ code: 'SIGNER_REVOKED', notCommitted: true, isBusinessRejection: true });
    expect(refused.message).toContain('MinistryMSP');
    expect(signerRefusal('14 UNAVAILABLE: connection refused')).toBeUndefined();
    expect(toLedgerError(new Error('14 UNAVAILABLE: connection refused'), true).code).toBe('LEDGER_UNAVAILABLE');
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
