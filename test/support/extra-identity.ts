// A fresh signing identity for BKA, made for one test file: registered and enrolled at the
// Ministry CA like the demo bka-issuer (same attributes and subject), but its own, so revoking or
// rotating it leaves the identities other test files use untouched. Processes that sign with it
// (a test gateway, a ledger client) get it through a copy of the connection profile.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { enrollApplicationIdentity, certificateIdentifiers, ministryOf, type ConnectionProfile, type IdentityFiles } from '../../network/src';
import { certFile, keyFile } from '../../network/src/msp';
import { testContext, testProfile } from './network';

export interface ExtraIdentity {
  name: string;
  org: string;
  mspId: string;
  mspDir: string;
  /** Its current files (they change when its key is rotated). */
  files(): IdentityFiles;
  certificatePem(): string;
  privateKeyPem(): string;
  fingerprint(): string;
}

export async function createBkaIdentity(prefix: string): Promise<ExtraIdentity> {
  const ctx = testContext();
  const org = ministryOf(ctx.topology);
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  const mspDir = await enrollApplicationIdentity(ctx.home, org, { name, role: 'issuer', issuer: 'BKA', institution: 'Đại học Bách khoa Hà Nội' });
  const files = (): IdentityFiles => ({ name, org: org.name, mspId: org.mspId, role: 'issuer', issuer: 'BKA', certPath: certFile(mspDir), keyPath: keyFile(mspDir) });
  return {
    name, org: org.name, mspId: org.mspId, mspDir, files,
    certificatePem: () => readFileSync(files().certPath, 'utf8'),
    privateKeyPem: () => readFileSync(files().keyPath, 'utf8'),
    fingerprint: () => certificateIdentifiers(readFileSync(files().certPath, 'utf8')).fingerprint,
  };
}

/** The test network's profile with the extra identities added (their current files). */
export function profileWith(...extra: ExtraIdentity[]): ConnectionProfile {
  const profile = testProfile();
  return { ...profile, identities: [...profile.identities, ...extra.map((e) => e.files())] };
}

/** Writes that profile to `dir/connection.json` (for a gateway: VANBANG_CONNECTION_PROFILE); rewrite it after a rotation. */
export function writeProfileWith(dir: string, ...extra: ExtraIdentity[]): string {
  const file = path.join(dir, 'connection.json');
  writeFileSync(file, JSON.stringify(profileWith(...extra), null, 2));
  return file;
}
