/** Reading diplomas and the uniqueness indexes (serial, hash, register entry number). */
import type { ChaincodeStub } from 'fabric-shim-api';
import { fail } from '../errors';
import { diplomaKey, hashKey, listKey, registerKey } from '../ledger/keys';
import { Store } from '../ledger/store';
import { Diploma, HashIndexEntry } from '../model';
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

export function findRegisterEntry(stub: ChaincodeStub, issuerCode: string, type: string, year: number, entry: string): Promise<{ diplomaId: string } | null> {
  return new Store(stub).get<{ diplomaId: string }>(registerKey(stub, issuerCode, type, year, entry));
}

/** Writes a new diploma and all its index keys, each with the key-level policy of its host. */
export async function createDiploma(stub: ChaincodeStub, d: Diploma): Promise<void> {
  const store = new Store(stub);
  await store.create(diplomaKey(stub, d.issuerCode, d.serialNumber), d, d.hostMsp);
  await store.create(hashKey(stub, d.documentHash), { diplomaId: d.diplomaId, version: d.version } satisfies HashIndexEntry, d.hostMsp);
  await store.create(registerKey(stub, d.issuerCode, d.diplomaType, d.registerYear, d.registerEntryNumber), { diplomaId: d.diplomaId }, d.hostMsp);
  await store.create(listKey(stub, d.issuerCode, d.graduationYear, d.diplomaType, d.serialNumber), { diplomaId: d.diplomaId }, d.hostMsp);
}

export async function saveDiploma(stub: ChaincodeStub, d: Diploma): Promise<void> {
  await new Store(stub).update(diplomaKey(stub, d.issuerCode, d.serialNumber), d);
}

/** The hash a diploma was issued with (before any correction). */
export function originalHash(d: Diploma): string {
  return d.previousHashes.length > 0 ? d.previousHashes[0].documentHash : d.documentHash;
}
