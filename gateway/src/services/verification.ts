// Public verification. The answer always comes from the ledger — VerifyHash, or what VerifyHash
// would answer as kept by the status index from the committed blocks, or the event-invalidated
// cache of earlier answers — never from MongoDB, and carries no personal data: only what the
// ledger holds (ids, type, year, issuer, events) plus, for a presented document, the checks of
// the document itself.
import { extractDocumentFromPdf, verifyIntegrity, verifySignature } from '@vanbang/document';
import { badRequest } from '../errors/problem';
import { verifyAnswers } from '../http/metrics';
import type { AnchorView } from '../anchoring/anchor-view';
import type { LedgerVerifyResult } from '../ledger/verify-cache';
import type { GatewayContext } from './context';
import { getIssuer } from './issuers';
import { caPemsOf, trustAnchors } from './trust-anchors';

export type VerifyOutcome = 'VALID' | 'CORRECTED' | 'SUPERSEDED' | 'REVOKED' | 'NOT_FOUND';

/**
 * Why a verification is not valid. `result` is the diploma's status; whether the diploma can be
 * trusted also depends on who committed this hash: a certificate whose key was compromised
 * before the ledger recorded the hash makes it SIGNER_COMPROMISED even while the diploma is VALID.
 */
export type InvalidReason = 'NOT_FOUND' | 'REVOKED' | 'SUPERSEDED' | 'SIGNER_COMPROMISED'
  | 'INTEGRITY_FAILED' | 'SIGNATURE_INVALID' | 'SIGNER_MISMATCH' | 'PDF_MODIFIED';

/** The ledger's part of the decision: status in force, and a signer still trusted for this hash. */
export function ledgerReason(r: LedgerVerifyResult): InvalidReason | undefined {
  if (!r.found) return 'NOT_FOUND';
  if (r.status === 'REVOKED' || r.status === 'SUPERSEDED') return r.status;
  if (r.signer?.status === 'COMPROMISED') return 'SIGNER_COMPROMISED';
  return undefined;
}

function signerView(r: LedgerVerifyResult): Record<string, unknown> | null {
  const s = r.signer;
  if (!s) return null;
  return { fingerprint: s.fingerprint, committedAt: s.committedAt, status: s.status, registered: s.registered, compromisedAt: s.compromisedAt, revokedAt: s.revokedAt };
}

/** An answer the gateway has without a chaincode query, and where from (a cache answer is a kept object; an index answer is new each time). */
export interface KnownAnswer {
  answer: LedgerVerifyResult;
  from: 'index' | 'cache';
}

/**
 * The ledger's answer for a hash without a chaincode query when the gateway has it: from the
 * status index (every committed hash), else from the cache of earlier answers; undefined otherwise.
 */
export function knownLedgerAnswer(ctx: GatewayContext, documentHash: string): KnownAnswer | undefined {
  const indexed = ctx.statusIndex?.answer(documentHash);
  if (indexed) {
    verifyAnswers.inc({ source: 'index' });
    return { answer: indexed, from: 'index' };
  }
  const cached = ctx.verifyCache.get(documentHash);
  if (!cached) return undefined;
  verifyAnswers.inc({ source: 'cache' });
  return { answer: cached, from: 'cache' };
}

export async function ledgerVerify(ctx: GatewayContext, documentHash: string): Promise<LedgerVerifyResult> {
  const known = knownLedgerAnswer(ctx, documentHash);
  if (known) return known.answer;
  const generation = ctx.verifyCache.generation;
  const result = await ctx.ledger.evaluate<LedgerVerifyResult>('VerifyHash', { documentHash });
  verifyAnswers.inc({ source: 'ledger' });
  ctx.verifyCache.put(result, generation);
  return result;
}

export function publicVerifyView(r: LedgerVerifyResult): Record<string, unknown> {
  if (!r.found) return { result: 'NOT_FOUND', valid: false, reason: 'NOT_FOUND', documentHash: r.documentHash };
  const reason = ledgerReason(r);
  return {
    result: r.status as VerifyOutcome,
    valid: reason === undefined,
    ...(reason ? { reason } : {}),
    signer: signerView(r),
    documentHash: r.documentHash,
    diplomaId: r.diplomaId,
    diplomaType: r.diplomaType,
    graduationYear: r.graduationYear,
    issuer: r.issuer,
    currentVersion: r.currentVersion,
    hashVersion: r.hashVersion,
    supersededBy: r.supersededBy ?? null,
    revocation: r.revocation ? { ground: r.revocation.ground, decision: r.revocation.decision, timestamp: r.revocation.timestamp ?? null } : null,
    latestEvent: r.latestEvent ? { type: r.latestEvent.type, txId: r.latestEvent.txId, timestamp: r.latestEvent.timestamp } : undefined,
  };
}

/** `{anchor}` for the answer when this gateway anchors (anchoring/anchor-view.ts), else nothing. */
export async function anchorMember(ctx: GatewayContext, r: LedgerVerifyResult): Promise<{ anchor?: AnchorView | null }> {
  if (!ctx.anchoring) return {};
  try {
    return { anchor: ctx.anchoring.views.viewOf(r) };
  } catch (err) {
    // The proofs live in the proof index; the answer itself comes from the ledger and stands without them.
    ctx.log.warn({ err: (err as Error).message, documentHash: r.documentHash }, 'anchor proofs not readable; answering without them');
    return {};
  }
}

export async function verifyByHash(ctx: GatewayContext, documentHash: string): Promise<Record<string, unknown>> {
  const r = await ledgerVerify(ctx, documentHash);
  return { ...publicVerifyView(r), ...(await anchorMember(ctx, r)) };
}

/** VerifyHash queries a bulk verify keeps in flight for the hashes the gateway does not know. */
const BULK_QUERIES_IN_FLIGHT = 16;

/** Public answers for many hashes, in their order (the same hash twice: answered twice). */
export async function verifyManyHashes(ctx: GatewayContext, hashes: readonly string[]): Promise<Record<string, unknown>[]> {
  const answers: (LedgerVerifyResult | undefined)[] = hashes.map((h) => knownLedgerAnswer(ctx, h)?.answer);
  const missing = answers.flatMap((a, i) => (a ? [] : [i]));
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(BULK_QUERIES_IN_FLIGHT, missing.length) }, async () => {
    while (next < missing.length) {
      const i = missing[next++]!;
      answers[i] = await ledgerVerify(ctx, hashes[i]!);
    }
  }));
  return Promise.all(answers.map(async (a) => ({ ...publicVerifyView(a!), ...(await anchorMember(ctx, a!)) })));
}


/** Verifies a presented document (JSON value) — integrity, signature, hidden fields, ledger status. */
export async function verifyDocument(ctx: GatewayContext, document: unknown, pdf?: { visibleContentMatches: boolean; problems: string[] }): Promise<Record<string, unknown>> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw badRequest('The body must be a diploma document (JSON object) or its PDF', [{ field: '/', message: 'not a JSON object' }]);
  }
  const integrity = verifyIntegrity(document);
  if (integrity.documentHash === '') {
    throw badRequest('The body is not a diploma document', integrity.problems.slice(0, 20).map((p) => ({ field: p.split(':')[0] ?? '/', message: p })));
  }
  const ledger = await ledgerVerify(ctx, integrity.documentHash);
  // The CA of the issuer's hosting organization when the ledger knows the diploma; else any of the network's.
  let trusted = trustAnchors(ctx.profile).organizations.flatMap((o) => o.caCertificatesPem);
  if (ledger.found && ledger.issuer) {
    const issuer = await getIssuer(ctx.ledger, ledger.issuer.code);
    const host = issuer ? caPemsOf(ctx.profile, issuer.hostMsp) : [];
    if (host.length > 0) trusted = [...host];
  }
  const signature = await verifySignature(document, trusted);
  // The certificate in the document must be the one that committed the hash: another one re-signed it.
  const matchesLedger = ledger.signer && signature.signerFingerprint ? ledger.signer.fingerprint === signature.signerFingerprint : null;
  const reason: InvalidReason | undefined = !integrity.ok ? 'INTEGRITY_FAILED' : !signature.ok ? 'SIGNATURE_INVALID'
    : matchesLedger === false ? 'SIGNER_MISMATCH' : pdf && !pdf.visibleContentMatches ? 'PDF_MODIFIED' : ledgerReason(ledger);
  const { reason: _ledgerReason, ...view } = publicVerifyView(ledger);
  return {
    ...view,
    valid: reason === undefined,
    ...(reason ? { reason } : {}),
    integrity: { ok: integrity.ok, problems: integrity.problems },
    signature: {
      ok: signature.ok,
      // Who signed, as the signing certificate names them (docs/certificates.md); the MSP id is Fabric's.
      signerOrganization: signature.signerOrganization ?? null,
      signerIssuerCode: signature.signerIssuerCode ?? null,
      certifiedBy: signature.certifiedBy ?? null,
      mspId: signature.mspId,
      chainsToTrustedCa: signature.chainsToTrustedCa,
      fingerprint: signature.signerFingerprint ?? null,
      matchesLedger,
      problems: signature.problems,
    },
    hiddenFields: integrity.hiddenFields,
    ...(pdf ? { visibleContentMatches: pdf.visibleContentMatches, pdfProblems: pdf.problems } : {}),
    ...(await anchorMember(ctx, ledger)),
  };
}

export async function verifyPdf(ctx: GatewayContext, bytes: Uint8Array): Promise<Record<string, unknown>> {
  const extraction = await extractDocumentFromPdf(bytes);
  if (extraction.document === undefined) {
    throw badRequest('The PDF carries no diploma document', extraction.problems.map((p) => ({ field: '/', message: p })));
  }
  return verifyDocument(ctx, extraction.document, { visibleContentMatches: extraction.visibleContentMatches, problems: extraction.problems });
}
