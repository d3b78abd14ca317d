// Each certificate's expiry, for `npm run network:status`: organization, what it is, CN, notAfter,
// time left, and whether it is within the renewal margin or already expired.
import { certificateState, type CertificateState } from '../renewal/renewal-plan';
import { certificatePath, managedCertificates, readCertificateInfo } from './certificate-inventory';
import type { NetworkContext } from '../network';

export interface CertificateStatus {
  org: string;
  what: string;
  commonName: string;
  serial: string;
  notAfter: Date;
  leftMs: number;
  state: CertificateState;
}

export function certificateStatus(ctx: NetworkContext, now = new Date()): CertificateStatus[] {
  return ctx.topology.organizations.flatMap((org) => managedCertificates(ctx.home, org).map((cert) => {
    const info = readCertificateInfo(certificatePath(cert));
    return {
      org: org.name, what: cert.label, commonName: info.commonName, serial: info.serial, notAfter: info.notAfter,
      leftMs: info.notAfter.getTime() - now.getTime(), state: certificateState(info.notAfter, now, ctx.topology.certificates.renewBeforeMs),
    };
  }));
}
