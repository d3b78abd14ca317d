/**
 * `vanbang verify`: reads a diploma (JSON or PDF, or an anchored diploma: a JSON diploma with its
 * anchor proof), checks it offline and then asks for its status where it was told to: the gateway
 * (the ledger, Fabric), the EVM chain the diploma's events are anchored on (the standalone check:
 * no gateway, no Fabric), or both. Returns a report; throws InputError for bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { disclosedFields, parseDocument, verifyIntegrity, type IntegrityResult } from '../document';
import { DIPLOMA_TYPE_LABELS_VI } from '../field-definitions';
import { extractDocumentFromPdf, MAX_PDF_BYTES } from '../pdf/extract';
import { verifySignature, type SignatureVerification } from '../verify-signature';
import { ANCHORED_DIPLOMA_FORMAT, parseAnchorProofText, unwrapDiplomaJson, type AnchorProofFile } from './anchor-proof-file';
import { checkProofOffline, type OfflineProofCheck } from './anchor-proof-check';
import { InputError } from './errors';
import { checkOnEvmChain, type EvmCheck, type EvmTarget } from './evm-check';
import { lookUpLedgerStatus, type LedgerLookup, type LedgerSigner } from './ledger';

export { InputError } from './errors';

export const MAX_JSON_BYTES = 1024 * 1024;

export interface VerifyOptions {
  readonly gatewayUrl?: string;
  readonly trustedCaPems: string[];
  /** The standalone check: the anchor registry on an EVM chain. Needs an anchor proof. */
  readonly evm?: EvmTarget;
  /** A `vanbang-anchor-proof-v1` file; otherwise the proof an anchored diploma FILE carries, if any. */
  readonly anchorProofFile?: string;
}

export type Verdict = 'VALID' | 'INVALID' | 'UNKNOWN';

/** Where the status (revocation, replacement) came from. */
export interface StatusSource {
  readonly kind: 'none' | 'gateway' | 'evm-chain' | 'gateway+evm-chain';
  /** e.g. "gateway http://…", "EVM chain 31337 at http://…, contract 0x… (no gateway, no Fabric)". */
  readonly description: string;
}

export interface AnchorProofReport {
  /** The --anchor-proof file, or "embedded in FILE" for an anchored diploma. */
  readonly from: string;
  readonly events: number;
  /** The offline part: about this document, each proof leads to its root. */
  readonly ok: boolean;
  readonly problems: string[];
  readonly note?: string;
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
  /** The source of the status: the gateway, the EVM chain, both, or none. */
  readonly statusSource: StatusSource;
  /** The anchor proof given (--anchor-proof, or carried by an anchored diploma). */
  readonly anchorProof?: AnchorProofReport;
  /** The standalone check on the EVM chain (--evm-rpc). */
  readonly evm?: EvmCheck;
  /**
   * The ledger's view of the signer: the certificate that committed the hash (it must be the one
   * in the document) and its trust at the ledger's commit time. Absent without a ledger answer or
   * for hashes the ledger recorded no signer for.
   */
  readonly signer?: { readonly status: LedgerSigner['status']; readonly compromisedAt: string | null; readonly committedAt: string; readonly matchesDocument: boolean };
  /**
   * VALID: everything checks out; INVALID: something does not; UNKNOWN: offline checks pass, status
   * unknown. With both a gateway and an EVM chain: VALID only when both say valid, INVALID when
   * either says not valid, UNKNOWN otherwise.
   */
  readonly verdict: Verdict;
}

const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

async function readInput(file: string): Promise<{ format: 'json' | 'pdf'; document: unknown; anchor?: AnchorProofFile; pdf?: VerificationReport['pdf'] }> {
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
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new InputError(`${file} is neither a PDF nor valid UTF-8 JSON`);
  }
  return { format: 'json', ...unwrapDiplomaJson(json, file) };
}

async function readAnchorProof(file: string): Promise<AnchorProofFile> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(`the anchor proof ${file} is not a file`);
    if (info.size > MAX_JSON_BYTES) throw new InputError(`the anchor proof ${file} is ${(info.size / 1048576).toFixed(1)} MB; an anchor proof file is at most 1 MB`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the anchor proof ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseAnchorProofText(text, file);
}

/** The status of one source as a verdict: `valid` when it says so, `invalid` when it says not. */
const sourceVerdict = (valid: boolean, invalid: boolean): Verdict => (invalid ? 'INVALID' : valid ? 'VALID' : 'UNKNOWN');

/** Both sources must agree on VALID; either one saying INVALID is enough. */
function combine(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('INVALID')) return 'INVALID';
  return verdicts.length > 0 && verdicts.every((v) => v === 'VALID') ? 'VALID' : 'UNKNOWN';
}

function statusSourceOf(gatewayUrl: string | undefined, ledger: LedgerLookup, evm: EvmCheck | undefined): StatusSource {
  const gateway = gatewayUrl === undefined ? undefined : `gateway ${ledger.url ?? gatewayUrl}`;
  if (gateway !== undefined && evm !== undefined) return { kind: 'gateway+evm-chain', description: `${gateway} and ${evm.source.description}; both must agree` };
  if (gateway !== undefined) return { kind: 'gateway', description: gateway };
  if (evm !== undefined) return { kind: 'evm-chain', description: evm.source.description };
  return { kind: 'none', description: 'none: offline checks only (give --gateway URL or --evm-rpc URL --contract ADDRESS)' };
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

  const given = options.anchorProofFile === undefined ? undefined : await readAnchorProof(options.anchorProofFile);
  const proof = given ?? input.anchor;
  const proofFrom = options.anchorProofFile ?? `embedded in ${file}`;
  if (options.evm !== undefined && proof === undefined) {
    throw new InputError(
      `the EVM chain check needs the diploma's anchor proof: give --anchor-proof FILE (the proof the gateway's verify page downloads), or verify an anchored diploma file ("format": "${ANCHORED_DIPLOMA_FORMAT}")`,
    );
  }
  const offlineProof: OfflineProofCheck | undefined = proof === undefined ? undefined : checkProofOffline(proof, integrity.documentHash);
  const anchorProof: AnchorProofReport | undefined = proof === undefined || offlineProof === undefined ? undefined : {
    from: proofFrom, events: proof.events.length, ok: offlineProof.ok, problems: offlineProof.problems,
    // The explicit file wins: it may be newer than the one the diploma file carries.
    ...(given !== undefined && input.anchor !== undefined ? { note: `the anchor proof embedded in ${file} was not used (--anchor-proof was given)` } : {}),
  };

  const [ledger, evm] = await Promise.all([
    options.gatewayUrl === undefined
      ? Promise.resolve<LedgerLookup>({ checked: false, reason: 'no gateway given (--gateway or VANBANG_GATEWAY_URL)' })
      : lookUpLedgerStatus(options.gatewayUrl, integrity.documentHash),
    options.evm === undefined || proof === undefined || offlineProof === undefined ? Promise.resolve(undefined) : checkOnEvmChain(proof, offlineProof, options.evm),
  ]);
  const onLedger = ledger.checked ? ledger.signer : null;
  // A document whose certificate is not the one that committed its hash was re-signed by someone else.
  const signer = onLedger === null ? undefined : {
    status: onLedger.status, compromisedAt: onLedger.compromisedAt, committedAt: onLedger.committedAt,
    matchesDocument: signature.signerFingerprint === onLedger.fingerprint,
  };
  const signerOk = signer === undefined || (signer.status !== 'COMPROMISED' && signer.matchesDocument);
  const ledgerOk = ledger.checked && (ledger.status === 'VALID' || ledger.status === 'CORRECTED') && signerOk;
  const ledgerBad = ledger.checked && !ledgerOk;
  const verdicts: Verdict[] = [];
  if (options.gatewayUrl !== undefined) verdicts.push(sourceVerdict(ledgerOk, ledgerBad));
  if (evm !== undefined) verdicts.push(evm.status);
  // A proof that does not hold for this document is a fact found offline, whatever the sources say.
  const proofBad = offlineProof !== undefined && !offlineProof.ok;
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
    statusSource: statusSourceOf(options.gatewayUrl, ledger, evm),
    ...(anchorProof === undefined ? {} : { anchorProof }),
    ...(evm === undefined ? {} : { evm }),
    ...(signer === undefined ? {} : { signer }),
    verdict: !offlineOk || proofBad ? 'INVALID' : combine(verdicts),
  };
}
