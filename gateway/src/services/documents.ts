// Making the holder's document: salted (document module), signed with the caller's Fabric
// identity (the same one that submits the ledger transaction), rendered as PDF on request.
import { createDocument, renderDiplomaPdf, type DiplomaFields, type SignedDiplomaDocument } from '@vanbang/document';
import { signDocument } from '@vanbang/document/node';
import type { UnlockedIdentity } from '../auth/identity-vault';

export function makeSignedDocument(fields: DiplomaFields, signer: UnlockedIdentity): SignedDiplomaDocument {
  const doc = createDocument(fields);
  return signDocument(doc, { privateKeyPem: signer.privateKeyPem, certificatePem: signer.certificatePem, mspId: signer.mspId });
}

export async function renderPdf(doc: SignedDiplomaDocument, verifyUrlBase: string): Promise<Uint8Array> {
  return renderDiplomaPdf(doc, { verifyUrlBase });
}

/** The plain field values of a full (nothing hidden) document. */
export function plainFields(doc: SignedDiplomaDocument): DiplomaFields {
  const out: Record<string, string | number> = {};
  for (const [name, field] of Object.entries(doc.fields)) if (field) out[name] = field.value;
  return out as unknown as DiplomaFields;
}
