/**
 * Access control, decided inside the chaincode from the caller's MSP and the vanbang.role /
 * vanbang.issuer attributes of its Fabric CA certificate. The gateway's checks are a second line.
 */
import { fail } from './errors';
import { Issuer, MINISTRY_MSP } from './model';
import { TxInfo } from './tx';

export function isMinistryAdmin(tx: TxInfo): boolean {
  return tx.mspId === MINISTRY_MSP && tx.role === 'ministry-admin';
}

/** A Department admin: role department-admin from any MSP other than the Ministry's. */
export function isDepartmentAdmin(tx: TxInfo): boolean {
  return tx.mspId !== MINISTRY_MSP && tx.role === 'department-admin';
}

/** May the caller change this issuer record? The Ministry any; a Department those it hosts. */
export function canAdministerIssuer(tx: TxInfo, issuer: Pick<Issuer, 'hostMsp' | 'kind'>): boolean {
  if (isMinistryAdmin(tx)) return true;
  return isDepartmentAdmin(tx) && issuer.hostMsp === tx.mspId && issuer.kind === 'UPPER_SECONDARY_SCHOOL';
}

/** Is the caller an issuer identity of this issuer, enrolled by the issuer's host organisation? */
export function actsAsIssuer(tx: TxInfo, issuer: Pick<Issuer, 'code' | 'hostMsp'>): boolean {
  return tx.role === 'issuer' && tx.issuerCode === issuer.code && tx.mspId === issuer.hostMsp;
}

export function requireIssuerIdentity(tx: TxInfo, issuer: Pick<Issuer, 'code' | 'hostMsp'>, action: string): void {
  if (!actsAsIssuer(tx, issuer)) {
    fail('NOT_AUTHORIZED', `${action} requires an issuer identity of ${issuer.code} enrolled by ${issuer.hostMsp} (caller: ${describe(tx)})`);
  }
}

/** Ministry-only operations (the anchoring record): role ministry-admin from the Ministry's MSP. */
export function requireMinistryAdmin(tx: TxInfo, action: string): void {
  if (!isMinistryAdmin(tx)) {
    fail('NOT_AUTHORIZED', `${action} requires ministry-admin of ${MINISTRY_MSP} (caller: ${describe(tx)})`);
  }
}

export function describe(tx: TxInfo): string {
  return `${tx.mspId}, role ${tx.role ?? 'none'}${tx.issuerCode ? `, issuer ${tx.issuerCode}` : ''}`;
}
