// Who may change which registry record: the chaincode's rule (chaincode/src/access.ts,
// canAdministerIssuer) checked by the gateway first, so a refused caller gets a clear 403 before
// anything is submitted. The chaincode checks it again from the caller's own certificate.
import type { Caller } from '../auth/api-keys';
import { forbidden } from '../errors/problem';

export const REGISTRY_READERS = ['ministry-admin', 'department-admin', 'auditor'] as const;
export const REGISTRY_ADMINS = ['ministry-admin', 'department-admin'] as const;

export interface AdministeredIssuer {
  code: string;
  hostMsp: string;
  kind: string;
}

/** The Ministry administers every issuer; a Department only the upper-secondary schools it hosts. */
export function mayAdministerIssuer(caller: Caller, issuer: Omit<AdministeredIssuer, 'code'>): boolean {
  if (caller.role === 'ministry-admin') return true;
  return caller.role === 'department-admin' && issuer.hostMsp === caller.mspId && issuer.kind === 'UPPER_SECONDARY_SCHOOL';
}

export function requireAdministrator(caller: Caller, issuer: AdministeredIssuer, action: string): void {
  if (mayAdministerIssuer(caller, issuer)) return;
  throw forbidden(caller.role === 'department-admin'
    ? `A Department administers only the upper-secondary schools it hosts: ${caller.name} (${caller.mspId}) may not ${action} ${issuer.code} (${issuer.kind}, hosted by ${issuer.hostMsp})`
    : `Role ${caller.role} may not ${action} ${issuer.code}`);
}
