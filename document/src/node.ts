/**
 * @vanbang/document/node — everything in '@vanbang/document' (verifySignature included) plus the
 * Node-only parts: signing (node:crypto) and the default PDF fonts read from disk.
 */
export * from './index';
export { createDocumentIssuer, createDocumentSigner, signDocument, type Signer } from './signature';
export { loadDiplomaFonts } from './pdf/fonts';
