// Query and answer schemas of GET /statistics/diplomas and /statistics/events (zod → validation
// and the OpenAPI document). Lists are comma-separated: `?groupBy=host,status&status=VALID,REVOKED`.
import { z } from 'zod';
// Loaded first: it extends zod with .openapi().
import '../http/openapi-registry';
import { DIPLOMA_DIMENSIONS, EVENT_DIMENSIONS, EVENT_TYPES } from './counter-keys';

const list = <T extends z.ZodTypeAny>(item: T, description: string) => z.string().max(2000).optional()
  .transform((s, ctx): z.infer<T>[] | undefined => {
    if (s === undefined || s === '') return undefined;
    const out: z.infer<T>[] = [];
    for (const part of s.split(',')) {
      const parsed = item.safeParse(part.trim());
      if (!parsed.success) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(part)}: ${parsed.error.issues[0]?.message ?? 'not accepted'}` });
        return z.NEVER;
      }
      out.push(parsed.data as z.infer<T>);
    }
    return out;
  }).openapi({ type: 'string', description });

const code = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, _ or -');
const month = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');
const format = z.enum(['json', 'csv']).optional().openapi({ description: 'csv answers text/csv (so does `Accept: text/csv`)' });
const host = list(code, 'Host organizations (MSP ids); a Department may name only its own');
const issuer = list(code, 'Issuer codes');

export const diplomaStatisticsQuery = z.object({
  groupBy: list(z.enum(DIPLOMA_DIMENSIONS), `Dimensions to group by, among ${DIPLOMA_DIMENSIONS.join(', ')}; none = one total`),
  host, issuer,
  type: list(z.string().regex(/^[A-Z_]{2,32}$/), 'Diploma types (THPT, CU_NHAN, …)'),
  graduationYear: list(z.string().regex(/^[0-9]{4}$/, 'must be a year'), 'Graduation years'),
  status: list(z.enum(['VALID', 'SUPERSEDED', 'REVOKED']), 'Statuses'),
  format,
}).strict();

export const eventStatisticsQuery = z.object({
  groupBy: list(z.enum(EVENT_DIMENSIONS), `Dimensions to group by, among ${EVENT_DIMENSIONS.join(', ')}; none = one total`),
  host, issuer,
  type: list(z.enum(EVENT_TYPES), `Event types: ${EVENT_TYPES.join(', ')}`),
  month: list(month, 'Months (YYYY-MM, UTC, of the transaction time)'),
  from: month.optional().openapi({ description: 'First month included (YYYY-MM)' }),
  to: month.optional().openapi({ description: 'Last month included (YYYY-MM)' }),
  ground: list(z.string().regex(/^[A-Z_]{2,40}$/), 'Revocation grounds (only revocations have one)'),
  format,
}).strict();

export type DiplomaStatisticsQuery = z.infer<typeof diplomaStatisticsQuery>;
export type EventStatisticsQuery = z.infer<typeof eventStatisticsQuery>;

const row = z.record(z.string(), z.union([z.string(), z.number()]));
export const statisticsAnswer = z.object({
  groupBy: z.array(z.string()),
  filters: z.record(z.string(), z.unknown()),
  rows: z.array(row).openapi({ description: 'One row per combination of the grouped values, with its count (ground is "" for events other than revocations)' }),
  total: z.number().int(),
  asOfBlock: z.number().int().openapi({ description: 'The last block counted: the numbers are exact as of that block' }),
}).openapi('StatisticsAnswer');
