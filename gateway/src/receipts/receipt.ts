// Verification receipts: the gateway's signed statement "on <issuedAt>, the ledger said <result>
// for <documentHash>". The result is asked of the ledger by the gateway itself; what the
// verifier's browser reports about the file it checked (integrity, signature, hidden fields) is
// carried along, marked as reported by the browser. Signed with the gateway's ledger read
// identity (a certificate of the Fabric CA of its organization), ECDSA P-256 / SHA-256 over
// RECEIPT_SIGNING_CONTEXT + the RFC 8785 canonical JSON of `receipt`; anyone can check it with
// the trust anchors (GET /public/trust-anchors) or POST /verification-receipts/check. When the
// gateway anchors on a public EVM chain, the receipt also states the hash's anchored events with
// their proofs (`anchor`, receipt-anchor.ts).
import { randomUUID, sign } from 'node:crypto';
import { canonicalJson, verifySignedMessage } from '@vanbang/document';
import type { GatewayContext } from '../services/context';
import { ledgerHistory } from '../services/history';
import { caPemsOf } from '../services/trust-anchors';
import { verifyByHash, type VerifyOutcome } from '../services/verification';
import { receiptAnchorOf, type ReceiptAnchor } from './receipt-anchor';

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
  /** The ledger's decision: status in force and a signer not compromised when it committed the hash. */
  valid: boolean;
  /** Who committed the hash and its trust (absent for hashes recorded before signers were). */
  signer?: { fingerprint: string; committedAt: string; status: string; compromisedAt: string | null };
  diplomaId?: string;
  issuerCode?: string;
  revocation?: { ground: string; decision: { number: string; date: string }; timestamp: string | null };
  supersededBy?: string;
  ledger: { channel: string; height: number; transactionIds: string[] };
  /**
   * The hash's events anchored on a public EVM chain, with their proofs (absent when the gateway
   * does not anchor): a second, independent proof, never the result.
   */
  anchor?: ReceiptAnchor;
  presentedChecks: PresentedChecks & { reportedBy: 'verifier-browser' };
}

/**
 * The members of the public verify answer (verifyByHash: publicVerifyView, plus `anchor`) that a
 * receipt states. Typed loosely: the answer is a Record built elsewhere.
 */
interface VerifyAnswer {
  result: VerifyOutcome;
  valid?: boolean;
  signer?: { fingerprint: string; committedAt: string; status: string; compromisedAt: string | null } | null;
  diplomaId?: string;
  issuer?: { code: string } | null;
  revocation?: { ground: string; decision: { number: string; date: string }; timestamp?: string | null } | null;
  supersededBy?: string | null;
  anchor?: unknown;
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

export function receiptSigningBytes(receipt: unknown): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(RECEIPT_SIGNING_CONTEXT + canonicalJson(receipt as never));
}

export async function issueReceipt(ctx: GatewayContext, documentHash: string, presented: PresentedChecks = {}): Promise<SignedReceipt> {
  // The public verify answer: the ledger's (status index, cache or VerifyHash) and the public anchor, from one call.
  const [view, height] = await Promise.all([verifyByHash(ctx, documentHash), ctx.ledger.height()]);
  const answer = view as unknown as VerifyAnswer;
  const found = answer.result !== 'NOT_FOUND';
  const history = found && answer.diplomaId ? await ledgerHistory(ctx, answer.diplomaId) : [];
  const anchor = receiptAnchorOf(answer.anchor, documentHash);
  const receipt: VerificationReceipt = {
    version: 1,
    receiptId: randomUUID(),
    issuedAt: new Date().toISOString(),
    documentHash,
    result: answer.result,
    valid: answer.valid === true,
    ...(answer.signer ? { signer: { fingerprint: answer.signer.fingerprint, committedAt: answer.signer.committedAt, status: answer.signer.status, compromisedAt: answer.signer.compromisedAt } } : {}),
    ...(found && answer.diplomaId ? { diplomaId: answer.diplomaId } : {}),
    ...(found && answer.issuer ? { issuerCode: answer.issuer.code } : {}),
    ...(answer.revocation ? { revocation: { ground: answer.revocation.ground, decision: answer.revocation.decision, timestamp: answer.revocation.timestamp ?? null } } : {}),
    ...(answer.supersededBy ? { supersededBy: answer.supersededBy } : {}),
    ledger: { channel: ctx.ledger.channel, height, transactionIds: history.map((h) => h.txId) },
    ...(anchor ? { anchor } : {}),
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

/**
 * Checks a receipt's signature, and that its certificate was issued by the CA of the
 * organization it names and valid at issuedAt — with the document module's verifier, the one
 * that checks diploma signatures.
 */
export async function checkReceipt(ctx: GatewayContext, signed: { receipt: Record<string, unknown>; signature: { algorithm: string; mspId: string; certificatePem: string; value: string } }): Promise<{ ok: boolean; problems: string[] }> {
  const problems: string[] = [];
  const { receipt, signature } = signed;
  if (receipt.version !== 1) problems.push(`receipt version ${String(receipt.version)} is not 1`);
  if (signature.algorithm !== RECEIPT_ALGORITHM) problems.push(`signature algorithm ${signature.algorithm} is not ${RECEIPT_ALGORITHM}`);
  const issuedAt = typeof receipt.issuedAt === 'string' ? new Date(receipt.issuedAt) : new Date(NaN);
  if (Number.isNaN(issuedAt.getTime())) {
    problems.push('issuedAt is not a date');
    return { ok: false, problems };
  }
  const cas = caPemsOf(ctx.profile, signature.mspId);
  if (cas.length === 0) problems.push(`${signature.mspId} is not an organization of this network`);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = receiptSigningBytes(receipt);
  } catch (err) {
    return { ok: false, problems: [...problems, `the receipt is not canonical JSON: ${(err as Error).message}`] };
  }
  const checked = await verifySignedMessage(bytes, signature, {
    at: issuedAt, mismatch: 'the signature does not match the receipt (it was altered, or signed by another key)', ...(cas.length > 0 ? { trustedCaPems: cas } : {}),
  });
  if (checked.chainsToTrustedCa === false) problems.push(`the signer certificate is not issued by the CA of ${signature.mspId} or was not valid at issuedAt`);
  problems.push(...checked.problems);
  return { ok: problems.length === 0 && checked.ok, problems };
}
