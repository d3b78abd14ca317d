// Request and response schemas shared by validation and the OpenAPI document.
import { DOCUMENT_JSON_SCHEMA } from '@vanbang/document';
import { z } from 'zod';
import { registerJsonSchema } from './openapi-registry';

registerJsonSchema('DiplomaDocument', DOCUMENT_JSON_SCHEMA as Record<string, unknown>, 'Document');
export const DIPLOMA_FIELDS_REF = { $ref: '#/components/schemas/DocumentDiplomaFields' };
export const DIPLOMA_DOCUMENT_REF = { $ref: '#/components/schemas/DiplomaDocument' };

export function isCalendarDate(value: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const calendarDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date from 1900')
  .refine((d) => d <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), 'must not be in the future')
  .openapi({ type: 'string', format: 'date', example: '2026-09-01' });

export const decisionSchema = z.object({
  number: z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N} /._-]{0,63}$/u, 'must be 1-64 letters, digits, spaces or / . - _, starting with a letter or digit')
    .openapi({ example: '88/QĐ-ĐHBK' }),
  date: calendarDate,
}).strict().openapi('Decision');

export const diplomaIdParam = z.object({
  id: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,31}:[A-Z0-9/.-]{1,32}$/, 'must be a diploma id <issuerCode>:<serialNumber> (URL-encoded)')
    .openapi({ example: 'BKA:KS2026/000123', description: 'Diploma id, URL-encoded (BKA%3AKS2026%2F000123)' }),
}).strict();

export const hashParam = z.object({
  documentHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (SHA-256)'),
}).strict();

export const batchIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'must be a batch id') }).strict();

/** Fields a correction may change: civil-status data of the holder (docs/gateway.md). */
export const CORRECTABLE_FIELDS = [
  'fullName', 'dateOfBirth', 'placeOfBirth', 'sex', 'ethnicity', 'nationality', 'personalIdNumber', 'lifelongLearningCode',
] as const;

export const CORRECTION_REASONS = ['CIVIL_STATUS_CHANGE', 'SEX_REDETERMINATION', 'ETHNICITY_CHANGE', 'BIRTH_REGISTRATION_SUPPLEMENT', 'OTHER_LEGAL_CHANGE'] as const;
export const REVOCATION_GROUNDS = ['FRAUD', 'INELIGIBLE_HOLDER', 'UNAUTHORISED_SIGNER', 'ERASED_OR_ALTERED', 'LENT_TO_ANOTHER', 'ISSUER_ERROR'] as const;

const fieldChanges = z.record(z.string(), z.union([z.string(), z.number().int()]))
  .refine((o) => Object.keys(o).length > 0 && Object.keys(o).length <= 25, 'must change at least one field')
  .openapi({ description: 'New values of the changed fields (validated by the diploma schema)', example: { fullName: 'Nguyễn Thị B' } });

export const correctionBody = z.object({
  changes: fieldChanges,
  reason: z.enum(CORRECTION_REASONS),
  decision: decisionSchema,
}).strict().openapi('CorrectionRequest');

export const reissueBody = z.object({
  serialNumber: z.string().regex(/^[A-Z0-9/.-]{1,32}$/),
  registerEntryNumber: z.string().regex(/^[A-Z0-9/.-]{1,32}$/),
  dateOfSigning: calendarDate,
  changes: fieldChanges.optional(),
  decision: decisionSchema,
}).strict().openapi('ReissueRequest');

export const revocationBody = z.object({
  ground: z.enum(REVOCATION_GROUNDS),
  decision: decisionSchema,
}).strict().openapi('RevocationRequest');

export const copyBody = z.object({
  copies: z.number().int().min(1).max(100).default(1),
  decision: decisionSchema,
}).strict().openapi('CopyRequest');

export const hideQuery = z.object({
  hide: z.string().max(500).regex(/^[A-Za-z,]*$/, 'must be a comma-separated list of field names').optional()
    .openapi({ description: 'Comma-separated field names to hide (selective disclosure), e.g. personalIdNumber,ethnicity' }),
}).strict();

export const lookupQuery = z.object({
  serialNumber: z.string().regex(/^[A-Z0-9/.-]{1,32}$/).optional(),
  registerNumber: z.string().regex(/^[A-Z0-9/.-]{1,32}$/).optional(),
  fullName: z.string().min(1).max(100).optional(),
  dateOfBirth: calendarDate.optional(),
}).strict();

export const signerTrustSchema = z.object({
  fingerprint: z.string().openapi({ description: 'SHA-256 of the DER of the certificate that committed this hash (the one that signed the document)' }),
  committedAt: z.string().openapi({ description: 'transaction time of that commit: the ledger\'s signing time' }),
  status: z.enum(['TRUSTED', 'REVOKED_AFTER_SIGNING', 'COMPROMISED'])
    .openapi({ description: 'COMPROMISED: committed at or after the certificate\'s compromise date, not trustworthy; REVOKED_AFTER_SIGNING: committed before it, still valid' }),
  registered: z.boolean().openapi({ description: 'whether the certificate is in the ledger\'s signing-certificate registry' }),
  compromisedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
}).openapi('SignerTrust');

const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/);

/** One anchored event of a hash: what the standalone check needs (docs/anchoring.md). */
export const anchoredEventSchema = z.object({
  event: z.enum(['ISSUED', 'CORRECTED', 'REISSUED', 'REVOKED', 'SUPERSEDED']),
  leaf: z.object({ documentHash: hex32, eventType: z.number().int(), fabricBlock: z.number().int(), fabricTxId: hex32 })
    .openapi({ description: 'the leaf (docs/hashing.md §10): keccak256(keccak256(abi.encode(bytes32, uint8, uint64, bytes32)))' }),
  proof: z.array(hex32).openapi({ description: 'sibling hashes from the leaf up (sorted pairs, OpenZeppelin MerkleProof)' }),
  root: hex32,
  periodId: z.number().int(),
  fabricBlocks: z.object({ first: z.number().int(), last: z.number().int() }),
  chain: z.object({ chainId: z.number().int(), contract: z.string(), transactionHash: hex32, blockNumber: z.number().int() }),
  anchoredAt: z.string(),
}).openapi('AnchoredEvent');

export const anchorSchema = z.object({
  status: z.enum(['ANCHORED', 'AWAITING_ANCHORING']).openapi({ description: 'ANCHORED: the status in force is anchored on the EVM chain; AWAITING_ANCHORING: not yet (anchoring runs every period); the ledger answer is authoritative either way' }),
  events: z.array(anchoredEventSchema).openapi({ description: 'each anchored event of this hash, oldest first' }),
}).openapi('Anchor');

export const verifyResultSchema = z.object({
  result: z.enum(['VALID', 'CORRECTED', 'SUPERSEDED', 'REVOKED', 'NOT_FOUND']).openapi({ description: 'the diploma\'s status on the ledger; decide on `valid`' }),
  valid: z.boolean().openapi({ description: 'whether the diploma can be trusted: status VALID or CORRECTED, a signer not compromised at the commit, and for a presented document every check of it' }),
  reason: z.enum(['NOT_FOUND', 'REVOKED', 'SUPERSEDED', 'SIGNER_COMPROMISED', 'INTEGRITY_FAILED', 'SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'PDF_MODIFIED']).optional()
    .openapi({ description: 'why it is not valid (absent when valid)' }),
  signer: signerTrustSchema.nullable().optional().openapi({ description: 'null for hashes committed before the ledger recorded signers' }),
  documentHash: z.string(),
  diplomaId: z.string().optional(),
  diplomaType: z.string().optional(),
  graduationYear: z.number().optional(),
  issuer: z.object({ code: z.string(), name: z.string(), status: z.string() }).optional(),
  currentVersion: z.number().optional(),
  hashVersion: z.number().optional(),
  supersededBy: z.string().nullable().optional(),
  revocation: z.object({ ground: z.string(), decision: decisionSchema, timestamp: z.string().nullable() }).nullable().optional(),
  latestEvent: z.object({ type: z.string(), txId: z.string(), timestamp: z.string() }).optional(),
  integrity: z.object({ ok: z.boolean(), problems: z.array(z.string()) }).optional(),
  signature: z.object({
    ok: z.boolean(),
    signerOrganization: z.string().nullable().openapi({ description: 'O= of the signing certificate: the institution, e.g. "Đại học Bách khoa Hà Nội"' }),
    signerIssuerCode: z.string().nullable().openapi({ description: 'serialNumber= of the signing certificate: the issuer code' }),
    certifiedBy: z.string().nullable().openapi({ description: 'O= of the certificate\'s issuer: the organization whose CA certified the key' }),
    mspId: z.string().optional(), chainsToTrustedCa: z.boolean().optional(),
    fingerprint: z.string().nullable().openapi({ description: 'SHA-256 of the DER of the document\'s signing certificate' }),
    matchesLedger: z.boolean().nullable().openapi({ description: 'whether it is the certificate that committed the hash (null when the ledger recorded none)' }),
    problems: z.array(z.string()),
  }).optional(),
  hiddenFields: z.array(z.string()).optional(),
  visibleContentMatches: z.boolean().optional(),
  anchor: anchorSchema.nullable().optional().openapi({ description: 'public anchoring on an EVM chain: absent when this gateway does not anchor; null for a hash the ledger does not know' }),
}).openapi('VerificationResult');

export const problemSchema = z.object({
  type: z.string(), title: z.string(), status: z.number(), code: z.string(), detail: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
}).openapi('Problem');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
export const commonErrors = {
  400: problem('Invalid request (field-level `errors`)'),
  401: problem('Missing or invalid API key'),
  403: problem('The caller may not do this'),
  404: problem('Not found'),
  429: problem('Rate limited'),
  503: problem('Ledger or database unavailable; nothing was changed'),
};
export const writeErrors = {
  ...commonErrors,
  409: problem('Conflict: duplicate serial or register number, state does not allow it, or the Idempotency-Key was reused with another body'),
  413: problem('Body too large'),
  415: problem('Unsupported media type'),
};
export const json = (description: string, schema: z.ZodTypeAny | Record<string, unknown> = z.object({}).passthrough()) => ({
  description, content: { 'application/json': { schema: schema as z.ZodTypeAny } },
});
