// After a renewal with new keys, the key files of the connection profile's identities have new
// names (Fabric CA names a key after its public key). This rewrites only the identities' cert and
// key paths of <home>/network/connection.json — everything else stays as `network up` wrote it —
// atomically, so a gateway reading it meanwhile sees the old or the new file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../certificates/atomic-files';
import { connectionProfilePath, type ConnectionProfile } from '../connection-profile';
import { certFile, keyFile } from '../msp';
import type { Home } from '../paths';

/** Returns true when a path changed. */
export function refreshProfileIdentityFiles(home: Home): boolean {
  const file = connectionProfilePath(home);
  if (!existsSync(file)) return false;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as ConnectionProfile;
  let changed = false;
  for (const id of profile.identities) {
    const msp = path.dirname(path.dirname(id.certPath)); // <msp>/signcerts/cert.pem
    if (!existsSync(msp)) continue;
    const certPath = certFile(msp);
    const keyPath = keyFile(msp);
    if (certPath !== id.certPath || keyPath !== id.keyPath) {
      id.certPath = certPath;
      id.keyPath = keyPath;
      changed = true;
    }
  }
  if (changed) writeFileAtomic(file, JSON.stringify(profile, null, 2));
  return changed;
}
