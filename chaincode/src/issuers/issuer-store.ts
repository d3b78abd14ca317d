/** Reading issuers and resolving custody after mergers. */
import { fail } from '../errors';
import { issuerKey } from '../ledger/keys';
import { Store } from '../ledger/store';
import type { ChaincodeStub } from 'fabric-shim-api';
import { Issuer } from '../model';

/** Longest successor chain followed; longer chains mean corrupt data or a loop. */
const MAX_MERGE_CHAIN = 16;

export async function loadIssuer(stub: ChaincodeStub, code: string): Promise<Issuer> {
  const issuer = await new Store(stub).get<Issuer>(issuerKey(stub, code));
  if (!issuer) fail('ISSUER_NOT_FOUND', `Issuer ${code} is not registered`);
  return issuer;
}

/**
 * The issuer that keeps custody of `code`'s register: itself, or after a merger the end of its
 * successor chain. Only the custodian may correct, reissue, revoke or copy.
 */
export async function custodianOf(stub: ChaincodeStub, code: string): Promise<Issuer> {
  let issuer = await loadIssuer(stub, code);
  for (let hops = 0; issuer.status === 'MERGED'; hops++) {
    if (!issuer.successorCode || hops >= MAX_MERGE_CHAIN) {
      fail('INTERNAL', `Issuer ${code}: broken successor chain at ${issuer.code}`);
    }
    issuer = await loadIssuer(stub, issuer.successorCode);
  }
  return issuer;
}

/** Checks that an issuer may issue a new diploma of this type signed on this date. */
export function assertCanIssue(issuer: Issuer, diplomaType: string, dateOfSigning: string, where = ''): void {
  const at = where ? `${where}: ` : '';
  if (issuer.status === 'MERGED') fail('ISSUER_MERGED', `${at}Issuer ${issuer.code} has merged into ${issuer.successorCode}; it issues nothing new`);
  if (issuer.status === 'SUSPENDED') fail('ISSUER_SUSPENDED', `${at}Issuer ${issuer.code} is suspended; it issues nothing new`);
  if (!(issuer.diplomaTypes as string[]).includes(diplomaType)) {
    fail('DIPLOMA_TYPE_NOT_ALLOWED', `${at}Issuer ${issuer.code} is not accredited for ${diplomaType}`);
  }
  if (dateOfSigning < issuer.validFrom || (issuer.validTo !== null && dateOfSigning > issuer.validTo)) {
    fail('ISSUER_NOT_VALID_ON_DATE', `${at}Issuer ${issuer.code} was not accredited on ${dateOfSigning} (${issuer.validFrom}..${issuer.validTo ?? ''})`);
  }
}
