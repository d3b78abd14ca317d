// Request and response schemas of /issuers (validation and the OpenAPI document). The rules the
// chaincode enforces again (kinds, diploma types, dates) are checked here too, so a malformed
// request is a 400 with field errors before anything reaches the ledger.
import { z } from 'zod';
import { decisionSchema, isCalendarDate } from '../http/schemas';

// The chaincode's own lists (chaincode/src/model.ts).
export const ISSUER_KINDS = ['UNIVERSITY', 'ACADEMY', 'RESEARCH_INSTITUTE', 'UPPER_SECONDARY_SCHOOL'] as const;
export const ISSUER_STATUSES = ['ACTIVE', 'SUSPENDED', 'MERGED'] as const;
export const DIPLOMA_TYPES = ['THPT', 'CU_NHAN', 'KY_SU', 'KIEN_TRUC_SU', 'BAC_SI', 'NHA_SI', 'DUOC_SI', 'THAC_SI', 'TIEN_SI'] as const;

const issuerCode = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, 'must be an issuer code: 2-32 capital letters, digits, - or _')
  .openapi({ example: 'HN-THPT-002' });
const mspId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'must be an MSP id').openapi({ example: 'HanoiDoETMSP' });
// Unlike `calendarDate`, an accreditation may end in the future.
const anyDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date from 1900')
  .openapi({ type: 'string', format: 'date', example: '2030-12-31' });
const diplomaTypes = z.array(z.enum(DIPLOMA_TYPES)).min(1).max(DIPLOMA_TYPES.length)
  .refine((t) => new Set(t).size === t.length, 'must not repeat a type');
const name = z.string().trim().min(1).max(200).refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters');

export const issuerCodeParam = z.object({ code: issuerCode }).strict();

export const listIssuersQuery = z.object({
  hostMsp: mspId.optional().openapi({ description: 'only issuers hosted by this organization (the Ministry or a Department)' }),
  kind: z.enum(ISSUER_KINDS).optional(),
  status: z.enum(ISSUER_STATUSES).optional(),
  pageSize: z.string().regex(/^[0-9]{1,3}$/, 'must be a number 1-200').refine((n) => Number(n) >= 1 && Number(n) <= 200, 'must be 1-200').optional()
    .openapi({ description: 'registry records read per page, before the filters: 1-200 (default 50)' }),
  bookmark: z.string().min(1).max(1024).optional().openapi({ description: 'the `bookmark` of the previous page' }),
}).strict();

export const registerIssuerBody = z.object({
  code: issuerCode,
  name,
  kind: z.enum(ISSUER_KINDS),
  hostMsp: mspId.optional().openapi({ description: 'required for the Ministry; a Department registers for itself (its own MSP when omitted)' }),
  diplomaTypes,
  validFrom: anyDate.optional().openapi({ description: 'default: the decision date' }),
  validTo: anyDate.nullable().optional(),
  decision: decisionSchema,
}).strict().openapi('RegisterIssuerRequest');

export const updateIssuerBody = z.object({
  name: name.optional(),
  diplomaTypes: diplomaTypes.optional(),
  validFrom: anyDate.optional(),
  validTo: anyDate.nullable().optional(),
  decision: decisionSchema,
}).strict()
  .refine((b) => b.name !== undefined || b.diplomaTypes !== undefined || b.validFrom !== undefined || b.validTo !== undefined,
    'give at least one of name, diplomaTypes, validFrom, validTo')
  .openapi('UpdateIssuerRequest');

export const decisionBody = z.object({ decision: decisionSchema }).strict().openapi('IssuerDecisionRequest');

export const mergerBody = z.object({
  successorCode: issuerCode.openapi({ description: 'the issuer that takes custody of the register' }),
  decision: decisionSchema,
}).strict().openapi('IssuerMergerRequest');

export const issuerViewSchema = z.object({
  code: z.string(), name: z.string(), kind: z.enum(ISSUER_KINDS), status: z.enum(ISSUER_STATUSES), hostMsp: z.string(),
  hostOrganization: z.string().openapi({ description: 'legal name of the hosting organization' }),
  successorCode: z.string().nullable(), diplomaTypes: z.array(z.string()), validFrom: z.string(), validTo: z.string().nullable(),
  decisions: z.array(z.object({ event: z.string(), number: z.string(), date: z.string(), txId: z.string(), timestamp: z.string() })),
  createdAt: z.string(), updatedAt: z.string(),
}).openapi('Issuer');

export const issuerPageSchema = z.object({
  records: z.array(issuerViewSchema),
  bookmark: z.string().nullable().openapi({ description: 'pass as ?bookmark= for the next page; null after the last' }),
}).openapi('IssuerPage');

export const issuerDetailSchema = z.object({
  issuer: issuerViewSchema,
  history: z.array(z.object({
    transactionId: z.string(), timestamp: z.string(), type: z.string().nullable(),
    change: z.string().nullable().openapi({ description: 'UPDATED, SUSPENDED, REINSTATED or MERGED for an IssuerUpdated' }),
    organization: z.string().nullable(), organizationName: z.string().nullable(), actorRole: z.string().nullable(),
    decision: decisionSchema.nullable(), details: z.object({}).passthrough(), status: z.string().nullable(),
  })).openapi({ description: 'every version of the record on the ledger, oldest first' }),
}).openapi('IssuerWithHistory');

export const issuerWriteSchema = z.object({
  issuer: issuerViewSchema, transactionId: z.string(), blockNumber: z.number(),
}).openapi('IssuerChange');

export const createdCallerSchema = z.object({
  name: z.string().openapi({ description: 'the caller\'s name, also its Fabric CA enrollment id' }),
  role: z.literal('issuer'), issuerCode: z.string(), mspId: z.string(),
  certificate: z.object({ fingerprint: z.string(), serialNumber: z.string(), notAfter: z.string() }),
  apiKey: z.string().nullable().openapi({ description: 'the API key, shown once: null when a retry with the same Idempotency-Key replays the answer' }),
}).openapi('CreatedIssuerCaller');

export type ListIssuersQuery = z.infer<typeof listIssuersQuery>;
export type RegisterIssuerBody = z.infer<typeof registerIssuerBody>;
export type UpdateIssuerBody = z.infer<typeof updateIssuerBody>;
export type MergerBody = z.infer<typeof mergerBody>;
