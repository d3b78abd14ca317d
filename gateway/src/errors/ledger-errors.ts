// Errors from the Fabric network. Chaincode business errors carry "[CODE] message" somewhere in
// the gateway error's message or details; transport failures (peer or orderer down) have none.
import { ApiError } from './problem';

/** Chaincode codes → HTTP status, per docs/chaincode.md §2. */
const STATUS_BY_CODE: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  PERSONAL_DATA_FORBIDDEN: 400,
  BATCH_TOO_LARGE: 413,
  DUPLICATE_IN_BATCH: 400,
  NOT_AUTHORIZED: 403,
  ISSUER_NOT_FOUND: 404,
  ISSUER_ALREADY_EXISTS: 409,
  ISSUER_SUSPENDED: 409,
  ISSUER_MERGED: 409,
  ISSUER_NOT_VALID_ON_DATE: 409,
  DIPLOMA_TYPE_NOT_ALLOWED: 409,
  INVALID_STATE_TRANSITION: 409,
  DIPLOMA_NOT_FOUND: 404,
  DIPLOMA_ID_CONFLICT: 409,
  HASH_CONFLICT: 409,
  DUPLICATE_REGISTER_NUMBER: 409,
  ALREADY_REVOKED: 409,
  DIPLOMA_REVOKED: 409,
  DIPLOMA_SUPERSEDED: 409,
  INVALID_CERTIFICATE: 400,
  CERTIFICATE_NOT_FOUND: 404,
  CERTIFICATE_ALREADY_REVOKED: 409,
  SIGNER_REVOKED: 403,
  // The gateway's clock is too far from the endorsing peers': nothing was written; fix the clock.
  TIMESTAMP_OUT_OF_RANGE: 503,
  UNKNOWN_TRANSACTION: 400,
  // The anchoring worker's Fabric records of each period (chaincode Anchoring contract).
  ANCHOR_PERIOD_NOT_FOUND: 404,
  ANCHOR_PERIOD_CONFLICT: 409,
  ANCHOR_PERIOD_OUT_OF_SEQUENCE: 409,
  ANCHOR_BLOCK_RANGE_OVERLAP: 409,
  ANCHOR_TRANSACTION_CONFLICT: 409,
};

export class LedgerError extends Error {
  constructor(
    /** Chaincode code (e.g. HASH_CONFLICT), or LEDGER_UNAVAILABLE / TX_INVALID / LEDGER_ERROR. */
    readonly code: string,
    message: string,
    /** True when it is certain that the transaction was NOT committed (rejected at endorsement). */
    readonly notCommitted: boolean,
    /** Fabric validation code name when the transaction was ordered but invalidated (e.g. MVCC_READ_CONFLICT). */
    readonly validationCode?: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }

  /** A chaincode business rejection (retrying the same request cannot succeed). */
  get isBusinessRejection(): boolean {
    return this.code in STATUS_BY_CODE;
  }
}

const CODE_PATTERN = /\[([A-Z][A-Z0-9_]*)\]/;

/** Everything an error from @hyperledger/fabric-gateway says, message and per-peer details. */
export function describeFabricError(err: unknown): string {
  const e = err as { message?: string; details?: { message?: string }[] };
  return [e?.message ?? String(err), ...(e?.details ?? []).map((d) => d.message ?? '')].join(' | ');
}

/** The first chaincode code found in the error text, if any. */
export function chaincodeCode(text: string): string | undefined {
  return CODE_PATTERN.exec(text)?.[1];
}

/**
 * The endorsing peer refused the submitter itself: its certificate fails the channel MSP's
 * validation (Fabric's endorser answers "access denied: channel [c] creator org [MSP]" and logs
 * why), which for an identity that signed before means its CA revoked it (the CRL is in the
 * channel configuration) or it expired. No chaincode ran, so there is no [CODE].
 */
export function signerRefusal(text: string): LedgerError | undefined {
  const match = /access denied: channel \[[^\]]*\] creator org \[([^\]]*)\]/.exec(text);
  if (!match) return undefined;
  return new LedgerError('SIGNER_REVOKED', `the peers refuse this identity's certificate (${match[1]}): it has been revoked at its CA, or is no longer valid; it can sign nothing until it is enrolled with a new key`, true);
}

/** The human part after "[CODE] " (without the gateway's wrapping). */
export function chaincodeMessage(text: string): string {
  const match = /\[([A-Z][A-Z0-9_]*)\]\s*([^|]*)/.exec(text);
  return match ? `${match[2]}`.trim() : text;
}

export function ledgerErrorToApiError(err: LedgerError): ApiError {
  const status = STATUS_BY_CODE[err.code];
  if (status !== undefined) return new ApiError(status, err.code, err.message);
  if (err.code === 'LEDGER_UNAVAILABLE') {
    return new ApiError(503, 'LEDGER_UNAVAILABLE', 'The ledger is unavailable; retry later.');
  }
  if (err.code === 'TX_INVALID' && err.validationCode === 'MVCC_READ_CONFLICT') {
    return new ApiError(409, 'CONCURRENT_CHANGE', 'Another transaction changed this record at the same time; retry.');
  }
  return new ApiError(503, 'LEDGER_UNAVAILABLE', `The ledger could not process the request (${err.code}); retry later.`);
}
