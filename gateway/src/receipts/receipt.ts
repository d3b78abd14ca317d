// Verification receipts: the gateway's signed statement "on <issuedAt>, the ledger said <result>
// for <documentHash>". The result is asked of the ledger by the gateway itself; what the
// verifier's browser reports about the file it checked (integrity, signature, hidden fields) is
// carried along, marked as reported by the browser. Signed with the gateway's ledger read
// identity (a certificate of the Fabric CA of its organization), ECDSA P-256 / SHA-256 over
// RECEIPT_SIGNING_CONTEXT + the RFC 8785 canonical JSON of `receipt`; anyone can check it with
// the trust anchors (GET /public/trust-anchors) or POST /verification-receipts/check.
import { randomUUID, sign, verify, X509Certificate } from 'node:crypto';
import { canonicalJson } from '@vanbang/document';
import type { GatewayContext } from '../services/context';
import { ledgerHistory } from '../services/history';
import { caCertificatesOf } from '../services/trust-anchors';
import { ledgerVerify, type VerifyOutcome } from '../services/verification';

export const RECEIPT_SIGNING_CONTEXT = 'vanbang-verification-receipt-v1:';
export const RECEIPT_ALGORITHM = 'ECDSA-P256-SHA256';

export interface PresentedChecks {
  integrity?: boolean;
  signature?: boolean;
  hiddenFields?: string[];
}

export interface VerificationReceipt {
  version: 1;
  receiptId: string;
  issuedAt: string;
  documentHash: string;
  result: VerifyOutcome;
  diplomaId?: string;
  issuerCode?: string;
  revocation?: { ground: string; decision: { number: string; date: string }; timestamp: string | null };
  supersededBy?: string;
  ledger: { channel: string; height: number; transactionIds: string[] };
  presentedChecks: PresentedChecks & { reportedBy: 'verifier-browser' };
}

export interface ReceiptSignature {
  algorithm: typeof RECEIPT_ALGORITHM;
  mspId: string;
  certificatePem: string;
  /** Base64 of the DER ECDSA signature. */
  value: string;
}

export interface SignedReceipt {
  receipt: VerificationReceipt;
  signature: ReceiptSignature;
}

export function receiptSigningBytes(receipt: unknown): Buffer {
  return Buffer.from(RECEIPT_SIGNING_CONTEXT + canonicalJson(receipt as never), 'utf8');
}

export async function issueReceipt(ctx: GatewayContext, documentHash: string, presented: PresentedChecks = {}): Promise<SignedReceipt> {
  const [verified, height] = await Promise.all([ledgerVerify(ctx, documentHash), ctx.ledger.height()]);
  const history = verified.found && verified.diplomaId ? await ledgerHistory(ctx, verified.diplomaId) : [];
  const receipt: VerificationReceipt = {
    version: 1,
    receiptId: randomUUID(),
    issuedAt: new Date().toISOString(),
    documentHash,
    result: verified.found ? verified.status as VerifyOutcome : 'NOT_FOUND',
    ...(verified.found && verified.diplomaId ? { diplomaId: verified.diplomaId } : {}),
    ...(verified.found && verified.issuer ? { issuerCode: verified.issuer.code } : {}),
    ...(verified.revocation ? { revocation: { ground: verified.revocation.ground, decision: verified.revocation.decision, timestamp: verified.revocation.timestamp ?? null } } : {}),
    ...(verified.supersededBy ? { supersededBy: verified.supersededBy } : {}),
    ledger: { channel: ctx.ledger.channel, height, transactionIds: history.map((h) => h.txId) },
    presentedChecks: {
      reportedBy: 'verifier-browser',
      ...(presented.integrity !== undefined ? { integrity: presented.integrity } : {}),
      ...(presented.signature !== undefined ? { signature: presented.signature } : {}),
      ...(presented.hiddenFields !== undefined ? { hiddenFields: [...presented.hiddenFields].sort() } : {}),
    },
  };
  const signer = ctx.vault.get(ctx.ledger.readIdentity);
  const value = sign('sha256', receiptSigningBytes(receipt), { key: signer.privateKey, dsaEncoding: 'der' }).toString('base64');
  return { receipt, signature: { algorithm: RECEIPT_ALGORITHM, mspId: signer.mspId, certificatePem: signer.certificatePem, value } };
}

/** Checks a receipt's signature, its certificate's chain to the organization's CA and validity. */
export function checkReceipt(ctx: GatewayContext, signed: { receipt: Record<string, unknown>; signature: { algorithm: string; mspId: string; certificatePem: string; value: string } }): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  const { receipt, signature } = signed;
  if (receipt.version !== 1) problems.push(`receipt version ${String(receipt.version)} is not 1`);
  if (signature.algorithm !== RECEIPT_ALGORITHM) problems.push(`signature algorithm ${signature.algorithm} is not ${RECEIPT_ALGORITHM}`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(signature.certificatePem);
  } catch {
    problems.push('the signer certificate is not a readable X.509 certificate');
    return { ok: false, problems };
  }
  if (certificate.publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') problems.push('the signer key is not ECDSA P-256');
  const cas = caCertificatesOf(ctx.profile, signature.mspId);
  if (cas.length === 0) problems.push(`${signature.mspId} is not an organization of this network`);
  else if (!cas.some((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey))) {
    problems.push(`the signer certificate is not issued by the CA of ${signature.mspId}`);
  }
  const issuedAt = typeof receipt.issuedAt === 'string' ? Date.parse(receipt.issuedAt) : NaN;
  if (!Number.isFinite(issuedAt)) problems.push('issuedAt is not a date');
  else if (issuedAt < Date.parse(certificate.validFrom) || issuedAt > Date.parse(certificate.validTo)) {
    problems.push('the signer certificate was not valid at issuedAt');
  }
  let bytes: Buffer | undefined;
  try {
    bytes = receiptSigningBytes(receipt);
  } catch (err) {
    problems.push(`the receipt is not canonical JSON: ${(err as Error).message}`);
  }
  if (bytes && !verifies(bytes, certificate, signature.value)) {
    problems.push('the signature does not match the receipt (it was altered, or signed by another key)');
  }
  return { ok: problems.length === 0, problems };
}

function verifies(bytes: Buffer, certificate: X509Certificate, base64: string): boolean {
  try {
    return verify('sha256', bytes, { key: certificate.publicKey, dsaEncoding: 'der' }, Buffer.from(base64, 'base64'));
  } catch {
    return false; // not a DER signature
  }
}
