/**
 * @vanbang/document/node — everything in '@vanbang/document' plus the Node-only parts:
 * the issuer signature (node:crypto) and the certificate chain check (X509Certificate).
 */
export * from './index';
export { createDocumentIssuer, createDocumentSigner, signDocument, verifySignature, signingMessage, SIGNING_CONTEXT, type Signer, type SignatureVerification } from './signature';
export { parseCertificates, checkIssuedByTrustedCa, formatDistinguishedName, type ChainCheck } from './certificate';
export { loadDiplomaFonts } from './pdf/fonts';
