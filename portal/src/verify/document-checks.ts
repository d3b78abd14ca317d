/**
 * The integrity and signature steps for a presented document, from the document module's own
 * results (verifyIntegrity, verifySignature): no second implementation of either check.
 */
import type { IntegrityResult, SignatureVerification } from '@vanbang/document';
import type { Step } from './steps';

export interface PdfCheck {
  readonly visibleContentMatches: boolean;
  readonly problems: readonly string[];
}

export function integrityStep(integrity: IntegrityResult, pdf?: PdfCheck): Step {
  if (!integrity.ok) return { name: 'integrity', result: 'fail', explain: 'explain.integrity.fail', problems: integrity.problems };
  if (pdf !== undefined && !pdf.visibleContentMatches) {
    return { name: 'integrity', result: 'fail', explain: 'explain.integrity.pdfMismatch', problems: pdf.problems };
  }
  return { name: 'integrity', result: 'pass', explain: pdf ? 'explain.integrity.passPdf' : 'explain.integrity.pass' };
}

/**
 * `anchored` is the verification against the trust anchors; `bare` (no anchors) is used when the
 * anchors could not be fetched: a bad signature is still a failure, a good one is "unknown".
 */
export function signatureStep(result: SignatureVerification, anchorsAvailable: boolean, ledgerSignerFingerprint?: string): Step {
  // The ledger recorded which certificate committed this hash: the document's must be that one.
  if (result.ok && ledgerSignerFingerprint !== undefined && result.signerFingerprint !== undefined && result.signerFingerprint !== ledgerSignerFingerprint) {
    return {
      name: 'signature', result: 'fail', explain: 'explain.signature.notLedgerSigner',
      problems: [`document signer ${result.signerFingerprint}, recorded on the ledger ${ledgerSignerFingerprint}`],
    };
  }
  if (!anchorsAvailable) {
    return result.ok
      ? { name: 'signature', result: 'unknown', explain: 'explain.signature.unknown', problems: result.problems }
      : { name: 'signature', result: 'fail', explain: 'explain.signature.fail', problems: result.problems };
  }
  if (!result.ok || result.chainsToTrustedCa !== true) {
    return { name: 'signature', result: 'fail', explain: 'explain.signature.fail', problems: result.problems };
  }
  return {
    name: 'signature', result: 'pass', explain: 'explain.signature.pass',
    params: {
      organization: result.signerIssuerCode === undefined ? result.signerOrganization ?? result.mspId ?? '?' : `${result.signerOrganization ?? '?'} (${result.signerIssuerCode})`,
      // The organization whose CA certified the signing key (O= of the issuer), e.g. the Ministry.
      authority: result.certifiedBy ?? result.mspId ?? '?',
      subject: result.signerSubject ?? '?',
    },
  };
}

export const HASH_ONLY_STEPS: readonly Step[] = [
  { name: 'integrity', result: 'skipped', explain: 'explain.integrity.skipped' },
  { name: 'signature', result: 'skipped', explain: 'explain.signature.skipped' },
];
