// Registers the demo issuers on the ledger (once), through the Fabric Gateway as the Ministry
// admin and the Hanoi Department admin — the same transactions real administrators would submit —
// and the signing certificates of their issuer identities, so that the signing-certificate
// registry knows every key from the first diploma on.
import { readFileSync } from 'node:fs';
import {
  adminIdentityOf, connectAs, connectionProfilePath, readConnectionProfile, registerSigningCertificate, type ConnectionProfile, type NetworkContext,
} from '../../network/src';

interface DemoIssuer {
  registrar: string;
  issuer: Record<string, unknown>;
}

export const DEMO_ISSUERS: DemoIssuer[] = [
  {
    registrar: 'ministry-admin',
    issuer: {
      code: 'BKA',
      name: 'Đại học Bách khoa Hà Nội',
      kind: 'UNIVERSITY',
      hostMsp: 'MinistryMSP',
      diplomaTypes: ['CU_NHAN', 'KY_SU', 'THAC_SI', 'TIEN_SI'],
      decision: { number: '123/QĐ-BGDĐT', date: '2026-01-05' },
      validFrom: '2000-01-01',
    },
  },
  {
    registrar: 'hanoi-admin',
    issuer: {
      code: 'HN-THPT-001',
      name: 'Trường THPT Chu Văn An',
      kind: 'UPPER_SECONDARY_SCHOOL',
      hostMsp: 'HanoiDoETMSP',
      diplomaTypes: ['THPT'],
      decision: { number: '45/QĐ-SGDĐT', date: '2026-01-10' },
      validFrom: '2000-01-01',
    },
  },
];

export async function seedDemoData(ctx: NetworkContext, log: (s: string) => void = console.log): Promise<void> {
  const profile = readConnectionProfile(connectionProfilePath(ctx.home));
  for (const demo of DEMO_ISSUERS) {
    if (!profile.identities.some((i) => i.name === demo.registrar)) continue; // topology without that identity
    const conn = connectAs(profile, demo.registrar);
    try {
      const contract = conn.gateway.getNetwork(profile.channel).getContract(profile.chaincode, 'IssuerRegistry');
      try {
        await contract.evaluateTransaction('GetIssuer', JSON.stringify({ code: demo.issuer.code }));
        continue; // already registered
      } catch (err) {
        if (!/ISSUER_NOT_FOUND/.test(describe(err))) throw err;
      }
      await contract.submitTransaction('RegisterIssuer', JSON.stringify(demo.issuer));
      log(`  registered demo issuer ${String(demo.issuer.code)} (${String(demo.issuer.name)})`);
    } catch (err) {
      throw new Error(`Could not register demo issuer ${String(demo.issuer.code)}: ${describe(err)}`);
    } finally {
      conn.close();
    }
  }
  await registerIssuerCertificates(ctx, profile, log);
}

/** Each issuer identity's current certificate in the registry (a no-op for those already there). */
async function registerIssuerCertificates(ctx: NetworkContext, profile: ConnectionProfile, log: (s: string) => void): Promise<void> {
  for (const id of profile.identities) {
    const org = ctx.topology.organizations.find((o) => o.name === id.org);
    if (id.role !== 'issuer' || !id.issuer || !org) continue;
    try {
      const registered = await registerSigningCertificate(profile, adminIdentityOf(profile, org), id.issuer, readFileSync(id.certPath, 'utf8'));
      if (registered.created) log(`  registered the signing certificate of ${id.name} for ${id.issuer} (serial ${registered.certificate.serialNumber})`);
    } catch (err) {
      // An identity of the topology for an issuer the demo does not register: its administrators register both.
      if (!/ISSUER_NOT_FOUND/.test((err as Error).message)) throw err;
      log(`  ${id.name}: issuer ${id.issuer} is not registered, so neither is its signing certificate`);
    }
  }
}

/** Fabric Gateway errors keep the chaincode's message in `details`. */
export function describe(err: unknown): string {
  const e = err as { message?: string; details?: { message?: string }[] };
  return [e.message ?? String(err), ...(e.details ?? []).map((d) => d.message ?? '')].join(' | ');
}
