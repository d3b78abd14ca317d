// What each certificate of the network says about who holds it. Every certificate an
// organization's CA issues names that organization as it is in law — country VN, its legal name
// (O=) and its province (ST=) from the topology file — and an issuer's certificate names the school
// or university it signs diplomas for, with its issuer code as serialNumber. The CN stays the Fabric
// enrollment id (Fabric CA requires it). The profile is described in docs/certificates.md.
import type { IdentitySpec, OrgSpec } from '../topology';

export const COUNTRY = 'VN';

/** One relative distinguished name set, in fabric-ca-client's `--csr.names` / CA config terms. */
export interface SubjectNames {
  C: string;
  ST?: string;
  O: string;
}

/** C, ST and O of the organization itself: its CA, nodes, admins and non-issuer identities. */
export function organizationNames(org: OrgSpec): SubjectNames {
  return { C: COUNTRY, ...(org.province ? { ST: org.province } : {}), O: org.displayName.normalize('NFC') };
}

/**
 * The subject an identity asks for. An issuer identity is the institution's signing identity: O
 * is the institution, serialNumber its issuer code; the organization whose CA vouches for it is
 * the certificate's issuer.
 */
export function identityNames(org: OrgSpec, id?: IdentitySpec): { names: SubjectNames; serialNumber?: string } {
  if (id?.role === 'issuer' && id.institution && id.issuer) {
    return { names: { C: COUNTRY, O: id.institution.normalize('NFC') }, serialNumber: id.issuer };
  }
  return { names: organizationNames(org) };
}

/** `--csr.names` value: comma-separated key=value (the topology forbids commas and = in names). */
export function csrNamesArgument(names: SubjectNames): string {
  return Object.entries(names).map(([key, value]) => `${key}=${value}`).join(',');
}
