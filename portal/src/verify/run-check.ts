/**
 * One verification, from a presented document or from a bare hash: the document module's checks
 * run here in the browser; the network sees only the document hash (ledger status, events), the
 * issuer code (registry) and the request for the trust anchors.
 */
import { parseDocument, verifyIntegrity, verifySignature, type DiplomaDocument } from '@vanbang/document';
import { fetchLedgerEvents, fetchLedgerStatus } from '../api/ledger';
import type { Outcome } from '../api/outcome';
import { fetchIssuer, fetchTrustAnchors } from '../api/registry';
import type { LedgerEvents, LedgerView, PublicIssuer } from '../api/types';
import { HASH_ONLY_STEPS, integrityStep, signatureStep, type PdfCheck } from './document-checks';
import { issuerStep } from './issuer-check';
import { ledgerSignerOf, ledgerStatusOf, ledgerStep } from './ledger-check';
import type { Step } from './steps';
import { trustedCaPems } from './trust';
import { decideVerdict, type Verdict } from './verdict';

export interface CheckResult {
  readonly documentHash: string;
  readonly source: 'json' | 'pdf' | 'hash';
  readonly steps: readonly Step[];
  readonly verdict: Verdict;
  readonly ledger: Outcome<LedgerView>;
  readonly events: Outcome<LedgerEvents>;
  /** The presented document, when it parsed (for the fields table and the holder tools). */
  readonly document?: DiplomaDocument;
  readonly hiddenFields: readonly string[];
}

export type DocumentCheck = { readonly ok: true; readonly result: CheckResult } | { readonly ok: false; readonly reason: string };

const fieldValue = (doc: DiplomaDocument | undefined, name: 'issuerCode' | 'diplomaType' | 'dateOfSigning'): string | undefined => {
  const value = doc?.fields[name]?.value;
  return typeof value === 'string' ? value : undefined;
};

async function issuerOutcome(code: string | undefined): Promise<Outcome<PublicIssuer> | undefined> {
  return code === undefined ? undefined : fetchIssuer(code);
}

export async function checkDocument(input: unknown, source: 'json' | 'pdf', pdf?: PdfCheck): Promise<DocumentCheck> {
  const integrity = verifyIntegrity(input);
  if (integrity.documentHash === '') return { ok: false, reason: integrity.problems.slice(0, 3).join('; ') || 'not a diploma document' };
  const parsed = parseDocument(input);
  const document = parsed.ok ? parsed.value : undefined;
  const documentHash = integrity.documentHash;
  const [ledger, events, anchors] = await Promise.all([fetchLedgerStatus(documentHash), fetchLedgerEvents(documentHash), fetchTrustAnchors()]);
  const issuerCode = fieldValue(document, 'issuerCode') ?? (ledger.kind === 'ok' ? ledger.value.issuer?.code : undefined);
  const issuer = await issuerOutcome(issuerCode);
  const hostMsp = issuer?.kind === 'ok' ? issuer.value.hostMsp : undefined;
  let signature: Step;
  const recordedSigner = ledgerSignerOf(ledger)?.fingerprint;
  if (anchors.kind === 'ok') {
    // The issuer's host organization's CAs when the registry names it; otherwise every anchor.
    const own = trustedCaPems(anchors.value, hostMsp);
    const pems = own.length > 0 ? own : trustedCaPems(anchors.value, undefined);
    signature = signatureStep(await verifySignature(input, pems), true, recordedSigner);
  } else {
    signature = signatureStep(await verifySignature(input), false, recordedSigner);
  }
  const steps: Step[] = [
    integrityStep(integrity, pdf),
    signature,
    issuerStep({
      issuerCode,
      diplomaType: fieldValue(document, 'diplomaType') ?? (ledger.kind === 'ok' ? ledger.value.diplomaType : undefined),
      signingDate: document?.signature?.signedAt ?? fieldValue(document, 'dateOfSigning'),
      issuer,
    }),
    ledgerStep(ledger),
  ];
  return {
    ok: true,
    result: { documentHash, source, steps, verdict: decideVerdict(steps, ledgerStatusOf(ledger), ledgerSignerOf(ledger)), ledger, events, document, hiddenFields: integrity.hiddenFields },
  };
}

export async function checkHash(documentHash: string): Promise<CheckResult> {
  const [ledger, events] = await Promise.all([fetchLedgerStatus(documentHash), fetchLedgerEvents(documentHash)]);
  const view = ledger.kind === 'ok' ? ledger.value : undefined;
  const issuer = await issuerOutcome(view?.issuer?.code);
  const steps: Step[] = [
    ...HASH_ONLY_STEPS,
    issuerStep({ issuerCode: view?.issuer?.code, diplomaType: view?.diplomaType, signingDate: undefined, issuer }),
    ledgerStep(ledger),
  ];
  return { documentHash, source: 'hash', steps, verdict: decideVerdict(steps, ledgerStatusOf(ledger), ledgerSignerOf(ledger)), ledger, events, hiddenFields: [] };
}
