/** Reading diplomas and the uniqueness indexes (serial, hash, register entry number). */
import type { ChaincodeStub } from 'fabric-shim-api';
import { fail } from '../errors';
import { toBytes } from '../ledger/json';
import { diplomaKey, hashKey, registerKey } from '../ledger/keys';
import { Store } from '../ledger/store';
import { Diploma, HashIndexEntry, RegisterIndexEntry } from '../model';
import * as v from '../validation';

export async function loadDiploma(stub: ChaincodeStub, id: string): Promise<Diploma> {
  const { issuerCode, serialNumber } = v.diplomaId(id, 'diplomaId');
  const diploma = await new Store(stub).get<Diploma>(diplomaKey(stub, issuerCode, serialNumber));
  if (!diploma) fail('DIPLOMA_NOT_FOUND', `Diploma ${id} does not exist`);
  return diploma;
}

export function findDiploma(stub: ChaincodeStub, issuerCode: string, serialNumber: string): Promise<Diploma | null> {
  return new Store(stub).get<Diploma>(diplomaKey(stub, issuerCode, serialNumber));
}

export function findHash(stub: ChaincodeStub, hash: string): Promise<HashIndexEntry | null> {
  return new Store(stub).get<HashIndexEntry>(hashKey(stub, hash));
}

export function findRegisterEntry(stub: ChaincodeStub, issuerCode: string, type: string, year: number, entry: string): Promise<RegisterIndexEntry | null> {
  return new Store(stub).get<RegisterIndexEntry>(registerKey(stub, issuerCode, type, year, entry));
}

/** Who committed a hash, and when (signer-trust.ts signerStamp): kept in its hash index entry. */
export type SignerFields = Pick<HashIndexEntry, 'signerFingerprint' | 'committedAt'>;

/**
 * Writes new diplomas and their index keys (serial = the diploma key, hash, register entry), each
 * with the key-level policy of its host. The register index doubles as the listing index
 * (ListByIssuer), so there is no separate list key.
 */
export async function createDiplomas(stub: ChaincodeStub, ds: Diploma[], signer: SignerFields): Promise<void> {
  const entries: { key: string; bytes: Uint8Array; hostMsp: string }[] = [];
  for (const d of ds) {
    const host = d.hostMsp;
    entries.push(
      { key: diplomaKey(stub, d.issuerCode, d.serialNumber), bytes: toBytes(d), hostMsp: host },
      { key: hashKey(stub, d.documentHash), bytes: toBytes({ diplomaId: d.diplomaId, version: d.version, ...signer } satisfies HashIndexEntry), hostMsp: host },
      {
        key: registerKey(stub, d.issuerCode, d.diplomaType, d.registerYear, d.registerEntryNumber),
        bytes: toBytes({ diplomaId: d.diplomaId, graduationYear: d.graduationYear } satisfies RegisterIndexEntry),
        hostMsp: host,
      },
    );
  }
  await new Store(stub).createMany(entries);
}

export function createDiploma(stub: ChaincodeStub, d: Diploma, signer: SignerFields): Promise<void> {
  return createDiplomas(stub, [d], signer);
}

export async function saveDiploma(stub: ChaincodeStub, d: Diploma): Promise<void> {
  await new Store(stub).update(diplomaKey(stub, d.issuerCode, d.serialNumber), d);
}

/** The hash a diploma was issued with (before any correction). */
export function originalHash(d: Diploma): string {
  return d.previousHashes.length > 0 ? d.previousHashes[0].documentHash : d.documentHash;
}
