/**
 * Business errors. The message format "[CODE] human message" is the wire contract with the
 * gateway (docs/chaincode.md §2): Fabric only carries a string back to the client, so the code
 * travels inside it, first, between brackets.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'PERSONAL_DATA_FORBIDDEN',
  'BATCH_TOO_LARGE',
  'DUPLICATE_IN_BATCH',
  'NOT_AUTHORIZED',
  'ISSUER_NOT_FOUND',
  'ISSUER_ALREADY_EXISTS',
  'ISSUER_SUSPENDED',
  'ISSUER_MERGED',
  'ISSUER_NOT_VALID_ON_DATE',
  'DIPLOMA_TYPE_NOT_ALLOWED',
  'INVALID_STATE_TRANSITION',
  'DIPLOMA_NOT_FOUND',
  'DIPLOMA_ID_CONFLICT',
  'HASH_CONFLICT',
  'DUPLICATE_REGISTER_NUMBER',
  'ALREADY_REVOKED',
  'DIPLOMA_REVOKED',
  'DIPLOMA_SUPERSEDED',
  'INVALID_CERTIFICATE',
  'CERTIFICATE_NOT_FOUND',
  'CERTIFICATE_ALREADY_REVOKED',
  'SIGNER_REVOKED',
  'TIMESTAMP_OUT_OF_RANGE',
  'ANCHOR_PERIOD_NOT_FOUND',
  'ANCHOR_PERIOD_CONFLICT',
  'ANCHOR_PERIOD_OUT_OF_SEQUENCE',
  'ANCHOR_BLOCK_RANGE_OVERLAP',
  'ANCHOR_TRANSACTION_CONFLICT',
  'UNKNOWN_TRANSACTION',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class ChaincodeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(`[${code}] ${message}`);
    this.name = 'ChaincodeError';
    this.code = code;
  }
}

/** Throws a ChaincodeError; `never` lets callers use it in expressions. */
export function fail(code: ErrorCode, message: string): never {
  throw new ChaincodeError(code, message);
}

/** Reads the code back out of a (possibly wrapped) message, as the gateway does. */
export function parseErrorCode(message: string): string | null {
  const m = /\[([A-Z][A-Z0-9_]*)\]/.exec(message);
  return m ? m[1] : null;
}
