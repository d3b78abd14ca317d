/**
 * What a transaction knows about itself: id, time and caller. Time comes from the proposal's
 * timestamp (the same on every endorser), never from the local clock.
 */
import type { Context } from 'fabric-contract-api';
import { fingerprintOfIdBytes } from './certificates/fingerprint';
import { ROLES, Role } from './model';
import { ISSUER_CODE_RE } from './validation';

export interface TxInfo {
  txId: string;
  /** ISO-8601 UTC with milliseconds. */
  timestamp: string;
  /** UTC calendar date of the timestamp, YYYY-MM-DD. */
  date: string;
  year: number;
  mspId: string;
  role: Role | null;
  /** vanbang.issuer of the caller's certificate, when well-formed. */
  issuerCode: string | null;
  /** SHA-256 of the caller's certificate (DER), recorded with every hash it commits; null if not X.509. */
  certificateFingerprint: string | null;
}

export function txInfo(ctx: Context): TxInfo {
  const ts = ctx.stub.getTxTimestamp();
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : Number(ts.seconds.toString());
  const millis = seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1_000_000);
  const timestamp = new Date(millis).toISOString();
  const role = ctx.clientIdentity.getAttributeValue('vanbang.role');
  const issuer = ctx.clientIdentity.getAttributeValue('vanbang.issuer');
  return {
    txId: ctx.stub.getTxID(),
    timestamp,
    date: timestamp.slice(0, 10),
    year: Number(timestamp.slice(0, 4)),
    mspId: ctx.clientIdentity.getMSPID(),
    role: role !== null && (ROLES as readonly string[]).includes(role) ? (role as Role) : null,
    issuerCode: issuer !== null && ISSUER_CODE_RE.test(issuer) ? issuer : null,
    certificateFingerprint: fingerprintOfIdBytes(ctx.clientIdentity.getIDBytes()),
  };
}
