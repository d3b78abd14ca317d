/**
 * @vanbang/document — the digital diploma document, shared by the gateway, the CLI and the web
 * portal. This entry is browser-safe: nothing in it imports a node: module (a unit test bundles it
 * for the browser to prove it). Hashing uses @noble/hashes, or node:crypto's native SHA-256 when it
 * finds itself on Node (same digests); salts come from Web Crypto getRandomValues; the signature is
 * checked with Web Crypto (globalThis.crypto.subtle: Node 20, or a browser page on https/localhost)
 * and @peculiar/x509. Node-only parts (signing, the default PDF fonts) are in
 * '@vanbang/document/node', which re-exports everything below as well.
 *
 * Public API:
 *   type DiplomaFields                               the v1 field object (before salting)
 *   validateDiplomaFields(input: unknown)            → { ok: true; value: DiplomaFields } | { ok: false; errors: { field; message }[] }
 *   createDocument(fields, opts?: { randomBytes? })  → DiplomaDocument (salted; documentHash = 64 lowercase hex)
 *   parseDocument(input: unknown)                    → { ok: true; value: DiplomaDocument } | { ok: false; errors }
 *   computeDocumentHash(doc)                         → string
 *   verifyIntegrity(doc: unknown)                    → { ok; documentHash; hiddenFields: string[]; problems: string[] }
 *   hideFields(doc, fieldNames: string[])            → same document type, fields hidden, same documentHash
 *   verifySignature(doc: unknown, trustedCaPems?: readonly string[])
 *                                                    → Promise<SignatureVerification> { ok; signerSubject?; signerIssuer?;
 *                                                      signerOrganization?; signerIssuerCode?; certifiedBy?; signerCommonName?; mspId?; signedAt?;
 *                                                      signerFingerprint?; chainsToTrustedCa? (only when CAs given); problems } — never rejects
 *   certificateFingerprint(pem: string)              → Promise<string | undefined> (SHA-256 of the DER, hex: what the ledger records per hash)
 *   parseVerificationLink(text: string)              → string | undefined (the document hash of a QR / pasted link / bare hash)
 *   renderDiplomaPdf(doc, { verifyUrlBase, fonts? }) → Promise<Uint8Array> (fonts required in browsers)
 *   extractDocumentFromPdf(bytes, { fonts? })        → Promise<{ document: unknown; visibleContentMatches; problems }> (fonts required in browsers)
 *   node only: signDocument(doc, { privateKeyPem, certificatePem, mspId }) → SignedDiplomaDocument
 *              createDocumentSigner(signer) → (doc) => SignedDiplomaDocument   (key parsed once; rehashes each doc)
 *              createDocumentIssuer(signer) → (fields) => SignedDiplomaDocument (createDocument + sign, hashed once)
 *              loadDiplomaFonts() → DiplomaFonts (the DejaVu Serif files)
 * The hashing and the signature are specified in docs/hashing.md; the schema is published as docs/document-schema.v1.json.
 */
export {
  FIELD_NAMES, FIELD_LABELS_VI, DIPLOMA_TYPES, DIPLOMA_TYPE_LABELS_VI, CLASSIFICATIONS, CLASSIFICATION_LABELS_VI,
  MODES_OF_STUDY, MODE_OF_STUDY_LABELS_VI, SEXES, SEX_LABELS_VI, requiredFieldsFor, isFieldName,
  type DiplomaFields, type DiplomaType, type Classification, type ModeOfStudy, type Sex, type FieldName, type FieldValue,
} from './field-definitions';
export {
  SCHEMA_VERSION, SIGNATURE_ALGORITHM, DOCUMENT_JSON_SCHEMA, validateDiplomaFields,
  type FieldError, type ValidationResult,
} from './schema';
export { parseCccd, validateCccd, type CccdParts } from './cccd';
export {
  createDocument, parseDocument, verifyIntegrity, disclosedFields, fieldHashesByName, hiddenFieldNames,
  DocumentValidationError,
  type DiplomaDocument, type SignedDiplomaDocument, type DocumentSignature, type SaltedField, type IntegrityResult,
} from './document';
export { computeDocumentHash, documentHashPreimage } from './document-hash';
export { computeFieldHash, fieldHashPreimage } from './field-hash';
export { canonicalJson } from './canonical-json';
export { generateSalt, type RandomBytes } from './salt';
export { hideFields } from './disclosure';
export { renderDiplomaPdf, wrapText, PDF_RENDERER, ATTACHMENT_NAME, type RenderOptions } from './pdf/render';
export { extractDocumentFromPdf, MAX_PDF_BYTES, type PdfExtraction } from './pdf/extract';
export { certificateNames, type CertificateNames } from './certificate';
export { certificateFingerprint } from './certificate-fingerprint';
export { diplomaVisibleLines, verificationUrl, printedFieldValue, formatDateVi, signedByText, PDF_LAYOUTS, type PdfLayout } from './pdf/visible-lines';
export type { DiplomaFonts } from './pdf/fonts';
export { verifySignature, verifySignedMessage, signingMessage, SIGNING_CONTEXT, type SignatureVerification, type SignedMessageVerification } from './verify-signature';
export { parseVerificationLink } from './verification-link';
