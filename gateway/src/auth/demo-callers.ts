// Demo callers for a fresh installation: one API caller per application identity of the
// connection profile (org admins excluded), created at gateway start if absent. Their keys are
// written to <VANBANG_HOME>/demo-credentials.json (0600), the only place the plain keys exist;
// a caller whose key is no longer known (file deleted) gets a new one. One more caller, the job
// exchange (role verifier), stands for the organizations that verify in bulk: it needs no ledger
// identity of its own (verification reads the ledger as the gateway).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConnectionProfile } from '@vanbang/network';
import { collections } from '../models/collections';
import type { Role } from '../models/records';
import { clearCallerCache, hashApiKey, newApiKey } from './api-keys';

export interface DemoCredential {
  name: string;
  role: Role;
  issuerCode?: string;
  apiKey: string;
}

const ROLES: readonly string[] = ['issuer', 'department-admin', 'ministry-admin', 'auditor'];
/** The demo bulk verifier. */
export const JOB_EXCHANGE = 'job-exchange';

export function demoCredentialsPath(home: string): string {
  return path.join(home, 'demo-credentials.json');
}

function readExisting(file: string): Map<string, string> {
  const keys = new Map<string, string>();
  if (!existsSync(file)) return keys;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { callers?: DemoCredential[] };
    for (const c of parsed.callers ?? []) keys.set(c.name, c.apiKey);
  } catch {
    /* unreadable: new keys are issued */
  }
  return keys;
}

export async function ensureDemoCallers(profile: ConnectionProfile, home: string): Promise<DemoCredential[]> {
  const file = demoCredentialsPath(home);
  const known = readExisting(file);
  const out: DemoCredential[] = [];
  const wanted = profile.identities.filter((id) => ROLES.includes(id.role))
    .map((id) => ({ name: id.name, role: id.role as Role, issuerCode: id.issuer ?? null, mspId: id.mspId, identityName: id.name }));
  wanted.push({ name: JOB_EXCHANGE, role: 'verifier', issuerCode: null, mspId: profile.ministryMspId, identityName: '' });
  for (const caller of wanted) {
    let apiKey = known.get(caller.name);
    const stored = await collections.callers().findOne({ name: caller.name });
    if (!apiKey || !stored || stored._id !== hashApiKey(apiKey)) {
      apiKey = newApiKey();
      await collections.callers().deleteMany({ name: caller.name });
      await collections.callers().insertOne({ _id: hashApiKey(apiKey), ...caller, createdAt: new Date() });
    }
    out.push({ name: caller.name, role: caller.role, ...(caller.issuerCode ? { issuerCode: caller.issuerCode } : {}), apiKey });
  }
  clearCallerCache();
  writeFileSync(file, JSON.stringify({ callers: out }, null, 2) + '\n', { mode: 0o600 });
  return out;
}
