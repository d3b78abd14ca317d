// Query and answer schemas of GET /alerts (zod → validation and the OpenAPI document).
import { z } from 'zod';
// Loaded first: it extends zod with .openapi().
import '../http/openapi-registry';
import { ALERT_RULES } from './alert-types';

export const alertsQuery = z.object({
  rule: z.enum(ALERT_RULES).optional().openapi({ description: 'Only the alerts of this rule' }),
}).strict();
export type AlertsQuery = z.infer<typeof alertsQuery>;

const alertSchema = z.object({
  rule: z.enum(ALERT_RULES),
  subject: z.object({
    kind: z.enum(['issuer', 'national', 'batch']), issuerCode: z.string().nullable(), hostMsp: z.string().nullable(), batchId: z.string().nullable(),
  }),
  window: z.object({ from: z.string(), to: z.string() }).openapi({ description: 'The period the observed value is counted over' }),
  observed: z.number().openapi({ description: 'The value that crossed the threshold (a count; a share from 0 to 1 for batch_rejections)' }),
  threshold: z.number(),
  detail: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
}).openapi('Alert');

export const alertsAnswer = z.object({
  alerts: z.array(alertSchema),
  evaluatedAt: z.string(),
}).openapi('AlertsAnswer');
