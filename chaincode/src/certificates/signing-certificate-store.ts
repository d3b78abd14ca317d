/** Reading and writing the signing-certificate registry and its two indexes (by issuer, revoked). */
import type { ChaincodeStub } from 'fabric-shim-api';
import { fail } from '../errors';
import { revokedSigningCertKey, signingCertByIssuerKey, signingCertKey } from '../ledger/keys';
import { Store } from '../ledger/store';
import { SigningCertificate } from '../model';

export function findSigningCertificate(stub: ChaincodeStub, fingerprint: string): Promise<SigningCertificate | null> {
  return new Store(stub).get<SigningCertificate>(signingCertKey(stub, fingerprint));
}

export async function loadSigningCertificate(stub: ChaincodeStub, fingerprint: string): Promise<SigningCertificate> {
  const cert = await findSigningCertificate(stub, fingerprint);
  if (!cert) fail('CERTIFICATE_NOT_FOUND', `no signing certificate ${fingerprint} in the registry`);
  return cert;
}

/** A new certificate and its issuer index entry, both under the issuer's host key-level policy. */
export async function createSigningCertificate(stub: ChaincodeStub, cert: SigningCertificate): Promise<void> {
  const store = new Store(stub);
  await store.create(signingCertKey(stub, cert.fingerprint), cert, cert.hostMsp);
  await store.create(signingCertByIssuerKey(stub, cert.issuerCode, cert.fingerprint), { fingerprint: cert.fingerprint }, cert.hostMsp);
}

/** Saves a revoked certificate and files it in the list of revoked certificates. */
export async function saveRevokedCertificate(stub: ChaincodeStub, cert: SigningCertificate): Promise<void> {
  const store = new Store(stub);
  await store.update(signingCertKey(stub, cert.fingerprint), cert);
  await store.create(revokedSigningCertKey(stub, cert.fingerprint), { fingerprint: cert.fingerprint, issuerCode: cert.issuerCode }, cert.hostMsp);
}

/** Loads the certificates an index page names (index values carry the fingerprint). */
export async function loadListed(stub: ChaincodeStub, entries: { fingerprint: string }[]): Promise<SigningCertificate[]> {
  const found = await new Store(stub).getMany<SigningCertificate>(entries.map((e) => signingCertKey(stub, e.fingerprint)));
  return found.map((c, i) => c ?? fail('INTERNAL', `index names signing certificate ${entries[i].fingerprint}, which does not exist`));
}
