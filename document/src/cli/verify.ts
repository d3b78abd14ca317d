/**
 * `vanbang verify`: reads a diploma (JSON or PDF), checks it offline and, optionally, on the ledger.
 * Returns a report; never throws for bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { disclosedFields, parseDocument, verifyIntegrity, type IntegrityResult } from '../document';
import { DIPLOMA_TYPE_LABELS_VI } from '../field-definitions';
import { extractDocumentFromPdf, MAX_PDF_BYTES } from '../pdf/extract';
import { verifySignature, type SignatureVerification } from '../verify-signature';
import { lookUpLedgerStatus, type LedgerLookup, type LedgerSigner } from './ledger';

export const MAX_JSON_BYTES = 1024 * 1024;

export interface VerifyOptions {
  readonly gatewayUrl?: string;
  readonly trustedCaPems: string[];
}

export interface VerificationReport {
  readonly file: string;
  readonly format: 'json' | 'pdf';
  readonly documentHash: string;
  readonly summary: { holder?: string; diploma?: string; issuer?: string; serialNumber?: string };
  readonly integrity: IntegrityResult;
  readonly pdf?: { readonly visibleContentMatches: boolean; readonly problems: string[] };
  readonly signature: SignatureVerification;
  readonly ledger: LedgerLookup;
  /**
   * The ledger's view of the signer: the certificate that committed the hash (it must be the one
   * in the document) and its trust at the ledger's commit time. Absent without a ledger answer or
   * for hashes the ledger recorded no signer for.
   */
  readonly signer?: { readonly status: LedgerSigner['status']; readonly compromisedAt: string | null; readonly committedAt: string; readonly matchesDocument: boolean };
  /** VALID: everything checks out; INVALID: something does not; UNKNOWN: offline checks pass, ledger status unknown. */
  readonly verdict: 'VALID' | 'INVALID' | 'UNKNOWN';
}

export class InputError extends Error {}

const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

async function readInput(file: string): Promise<{ format: 'json' | 'pdf'; document: unknown; pdf?: VerificationReport['pdf'] }> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(`${file} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (size > MAX_PDF_BYTES) {
    throw new InputError(`${file} is ${(size / 1048576).toFixed(1)} MB; a diploma file is at most ${MAX_PDF_BYTES / 1048576} MB`);
  }
  const bytes = await readFile(file);
  if (isPdf(bytes)) {
    const extracted = await extractDocumentFromPdf(bytes);
    if (extracted.document === undefined) throw new InputError(`${file}: ${extracted.problems.join('; ')}`);
    return { format: 'pdf', document: extracted.document, pdf: { visibleContentMatches: extracted.visibleContentMatches, problems: extracted.problems } };
  }
  if (size > MAX_JSON_BYTES) throw new InputError(`${file} is ${(size / 1048576).toFixed(1)} MB; a JSON diploma is at most 1 MB`);
  try {
    return { format: 'json', document: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    throw new InputError(`${file} is neither a PDF nor valid UTF-8 JSON`);
  }
}

export async function verifyFile(file: string, options: VerifyOptions): Promise<VerificationReport> {
  const input = await readInput(file);
  const parsed = parseDocument(input.document);
  if (!parsed.ok) {
    throw new InputError(`${file} is not a valid diploma document:\n${parsed.errors.map((e) => `  ${e.field || '/'}: ${e.message}`).join('\n')}`);
  }
  const doc = parsed.value;
  const integrity = verifyIntegrity(doc);
  const signature = await verifySignature(doc, options.trustedCaPems);
  const offlineOk = integrity.ok && signature.ok && (input.pdf?.visibleContentMatches ?? true);
  const ledger: LedgerLookup = options.gatewayUrl === undefined
    ? { checked: false, reason: 'no gateway given (--gateway or VANBANG_GATEWAY_URL)' }
    : await lookUpLedgerStatus(options.gatewayUrl, integrity.documentHash);
  const onLedger = ledger.checked ? ledger.signer : null;
  // A document whose certificate is not the one that committed its hash was re-signed by someone else.
  const signer = onLedger === null ? undefined : {
    status: onLedger.status, compromisedAt: onLedger.compromisedAt, committedAt: onLedger.committedAt,
    matchesDocument: signature.signerFingerprint === onLedger.fingerprint,
  };
  const signerOk = signer === undefined || (signer.status !== 'COMPROMISED' && signer.matchesDocument);
  const ledgerOk = ledger.checked && (ledger.status === 'VALID' || ledger.status === 'CORRECTED') && signerOk;
  const ledgerBad = ledger.checked && !ledgerOk;
  const fields = disclosedFields(doc);
  return {
    file,
    format: input.format,
    documentHash: integrity.documentHash,
    summary: {
      holder: fields.fullName,
      diploma: fields.diplomaType === undefined ? undefined : DIPLOMA_TYPE_LABELS_VI[fields.diplomaType],
      issuer: fields.issuerName,
      serialNumber: fields.serialNumber,
    },
    integrity,
    ...(input.pdf === undefined ? {} : { pdf: input.pdf }),
    signature,
    ledger,
    ...(signer === undefined ? {} : { signer }),
    verdict: !offlineOk || ledgerBad ? 'INVALID' : ledgerOk ? 'VALID' : 'UNKNOWN',
  };
}
