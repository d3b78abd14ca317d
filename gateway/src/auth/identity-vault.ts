// The Fabric identities the gateway signs with. Imported once from the connection profile's key
// files into MongoDB, encrypted under the master key; from then on the gateway uses only the
// encrypted copies, decrypted in memory. A renewed certificate replaces its record's certificate
// and key (identity-reload.ts); the unlocked identity is then a new object, so whatever was
// prepared for the old one (the document signer, the Fabric Gateway session) is made again. The
// replaced certificate and key are kept as `previous`: a document signed just before the renewal
// is committed by a transaction signed with the same certificate (signer()).
import { certificateIdOf } from '../services/stored-documents';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionProfile } from '@vanbang/network';
import { isDuplicateKey } from '../errors/database-errors';
import { collections } from '../models/collections';
import { updateIf } from '../models/guarded-writes';
import type { IdentityRecord } from '../models/records';
import { seal, unseal } from './master-key';

export interface UnlockedIdentity {
  name: string;
  mspId: string;
  org: string;
  role: string;
  issuerCode: string | null;
  certificatePem: string;
  privateKey: KeyObject;
  privateKeyPem: string;
}

export class IdentityVault {
  private readonly unlocked = new Map<string, UnlockedIdentity>();
  private readonly previous = new Map<string, UnlockedIdentity>();

  constructor(private readonly masterKey: Buffer) {}

  /** Imports every application identity of the profile that is not stored yet (org admins excluded). */
  async importFromProfile(profile: ConnectionProfile): Promise<void> {
    const existing = new Set((await collections.identities().find({}, { projection: { _id: 1 } }).toArray()).map((r) => r._id));
    for (const id of profile.identities) {
      if (id.role === 'org-admin' || existing.has(id.name)) continue;
      const keyPem = readFileSync(id.keyPath, 'utf8');
      const record: IdentityRecord = {
        _id: id.name,
        mspId: id.mspId,
        org: id.org,
        role: id.role,
        issuerCode: id.issuer ?? null,
        certificatePem: readFileSync(id.certPath, 'utf8'),
        encryptedKey: seal(this.masterKey, keyPem, `vanbang-identity:${id.name}`),
        createdAt: new Date(),
      };
      try {
        await collections.identities().insertOne(record);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // another gateway imported it first
      }
    }
    await this.loadAll();
  }

  /**
   * Stores an identity enrolled by the gateway itself (an issuer's API caller, created on
   * request): its key sealed like the imported ones, then unlocked for use.
   */
  async addIdentity(id: Omit<UnlockedIdentity, 'privateKey'>): Promise<UnlockedIdentity> {
    const record: IdentityRecord = {
      _id: id.name, mspId: id.mspId, org: id.org, role: id.role, issuerCode: id.issuerCode, certificatePem: id.certificatePem,
      encryptedKey: seal(this.masterKey, id.privateKeyPem, `vanbang-identity:${id.name}`), createdAt: new Date(),
    };
    await collections.identities().insertOne(record);
    return this.unlock(record);
  }

  async loadAll(): Promise<void> {
    for (const record of await collections.identities().find({}).toArray()) this.unlock(record);
  }

  private unlock(record: IdentityRecord): UnlockedIdentity {
    const open = (certificatePem: string, sealed: IdentityRecord['encryptedKey']): UnlockedIdentity => {
      const privateKeyPem = unseal(this.masterKey, sealed, `vanbang-identity:${record._id}`);
      return {
        name: record._id, mspId: record.mspId, org: record.org, role: record.role, issuerCode: record.issuerCode,
        certificatePem, privateKey: createPrivateKey(privateKeyPem), privateKeyPem,
      };
    };
    const id = open(record.certificatePem, record.encryptedKey);
    this.unlocked.set(record._id, id);
    if (record.previous) this.previous.set(record._id, open(record.previous.certificatePem, record.previous.encryptedKey));
    return id;
  }

  /**
   * Stores a renewed certificate and its key for `name`, if the stored certificate is still the
   * one this gateway holds (another gateway sharing the database may have stored it first), and
   * unlocks the stored record. Returns the identity now in force.
   */
  async replaceCertificate(name: string, certificatePem: string, privateKeyPem: string): Promise<UnlockedIdentity> {
    const current = this.get(name);
    const sealKey = (pem: string) => seal(this.masterKey, pem, `vanbang-identity:${name}`);
    await updateIf(collections.identities(), name, { certificatePem: current.certificatePem }, {
      $set: {
        certificatePem, encryptedKey: sealKey(privateKeyPem), renewedAt: new Date(),
        previous: { certificatePem: current.certificatePem, encryptedKey: sealKey(current.privateKeyPem) },
      },
    });
    return (await this.reload(name)) ?? current;
  }

  /** Unlocks `name` again from its stored record when that holds another certificate; the new identity, or undefined if unchanged. */
  async reload(name: string): Promise<UnlockedIdentity | undefined> {
    const record = await collections.identities().findOne({ _id: name });
    if (!record || record.certificatePem === this.unlocked.get(name)?.certificatePem) return undefined;
    return this.unlock(record);
  }

  get(name: string): UnlockedIdentity {
    const id = this.unlocked.get(name);
    if (!id) throw new Error(`identity ${name} is not in the gateway's vault`);
    return id;
  }

  /**
   * The identity `name` with the certificate whose id (stored-documents.ts) is `certificateId`:
   * the current one, or the one a renewal replaced. Without an id, the current one.
   */
  signer(name: string, certificateId?: string | null): UnlockedIdentity {
    const current = this.get(name);
    if (!certificateId || certificateIdOf(current.certificatePem) === certificateId) return current;
    const previous = this.previous.get(name);
    if (previous && certificateIdOf(previous.certificatePem) === certificateId) return previous;
    throw new Error(`identity ${name} no longer holds the certificate ${certificateId.slice(0, 12)}… that signed this document (renewed twice since)`);
  }

  list(): UnlockedIdentity[] {
    return [...this.unlocked.values()];
  }
}
