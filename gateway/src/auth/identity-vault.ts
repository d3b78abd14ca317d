// The Fabric identities the gateway signs with. Imported once from the connection profile's key
// files into MongoDB, encrypted under the master key; from then on the gateway uses only the
// encrypted copies, decrypted in memory.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionProfile } from '@vanbang/network';
import { isDuplicateKey } from '../errors/database-errors';
import { collections } from '../models/collections';
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

  async loadAll(): Promise<void> {
    for (const record of await collections.identities().find({}).toArray()) {
      const privateKeyPem = unseal(this.masterKey, record.encryptedKey, `vanbang-identity:${record._id}`);
      this.unlocked.set(record._id, {
        name: record._id, mspId: record.mspId, org: record.org, role: record.role, issuerCode: record.issuerCode,
        certificatePem: record.certificatePem, privateKey: createPrivateKey(privateKeyPem), privateKeyPem,
      });
    }
  }

  get(name: string): UnlockedIdentity {
    const id = this.unlocked.get(name);
    if (!id) throw new Error(`identity ${name} is not in the gateway's vault`);
    return id;
  }

  list(): UnlockedIdentity[] {
    return [...this.unlocked.values()];
  }
}
