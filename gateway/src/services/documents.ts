// Making the holder's document: salted (document module), signed with the caller's Fabric
// identity (the same one that submits the ledger transaction), rendered as PDF on request.
import { renderDiplomaPdf, type DiplomaFields, type SignedDiplomaDocument } from '@vanbang/document';
import { createDocumentIssuer } from '@vanbang/document/node';
import type { UnlockedIdentity } from '../auth/identity-vault';

// One prepared issuer per unlocked identity (parsing and checking the key costs more than signing).
// A renewed identity is a new UnlockedIdentity object (identity-vault.ts), so it gets its own
// issuer with the new certificate and key, and the old one is collected with the old object.
const issuers = new WeakMap<UnlockedIdentity, ReturnType<typeof createDocumentIssuer>>();

export function makeSignedDocument(fields: DiplomaFields, identity: UnlockedIdentity): SignedDiplomaDocument {
  let issue = issuers.get(identity);
  if (!issue) issuers.set(identity, (issue = createDocumentIssuer({ privateKeyPem: identity.privateKeyPem, certificatePem: identity.certificatePem, mspId: identity.mspId })));
  return issue(fields);
}

export async function renderPdf(doc: SignedDiplomaDocument, verifyUrlBase: string): Promise<Uint8Array> {
  return renderDiplomaPdf(doc, { verifyUrlBase });
}

/** The plain field values of a full (nothing hidden) document. */
export function plainFields(doc: Pick<SignedDiplomaDocument, 'fields'>): DiplomaFields {
  const out: Record<string, string | number> = {};
  for (const [name, field] of Object.entries(doc.fields)) if (field) out[name] = field.value;
  return out as unknown as DiplomaFields;
}
