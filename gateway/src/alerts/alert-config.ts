// Thresholds of the alert rules (docs/gateway.md, "Alerts"), from the environment. The defaults
// are meant to stay quiet on a normal day: a university's whole graduating cohort in one day is
// ~1,000–5,000 diplomas, so a spike needs both the floor and ten times the issuer's own mean.
export interface AlertConfig {
  /** Issuance spike: today's count must exceed this floor… (VANBANG_ALERT_ISSUANCE_MIN_PER_DAY) */
  issuanceMinPerDay: number;
  /** …and this many times the issuer's mean per day over the previous 30 days (VANBANG_ALERT_ISSUANCE_FACTOR). */
  issuanceFactor: number;
  /** Revocation burst: more than this many in the last hour, nationally (VANBANG_ALERT_REVOCATIONS_PER_HOUR)… */
  revocationsPerHour: number;
  /** …or by one issuer (VANBANG_ALERT_ISSUER_REVOCATIONS_PER_HOUR). */
  issuerRevocationsPerHour: number;
  /** Rejected batch: at least this share of its rows refused (VANBANG_ALERT_BATCH_REJECTED_PERCENT, in %)… */
  batchRejectedShare: number;
  /** …in a batch of at least this many rows (VANBANG_ALERT_BATCH_MIN_ROWS). */
  batchMinRows: number;
  /** How long an alert about a refused issuance or a batch stays listed after it was last seen, in ms (VANBANG_ALERT_HOLD_HOURS). */
  holdMs: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${raw})`);
  return value;
}

export function loadAlertConfig(env: NodeJS.ProcessEnv): AlertConfig {
  return {
    issuanceMinPerDay: positive(env, 'VANBANG_ALERT_ISSUANCE_MIN_PER_DAY', 1_000),
    issuanceFactor: positive(env, 'VANBANG_ALERT_ISSUANCE_FACTOR', 10),
    revocationsPerHour: positive(env, 'VANBANG_ALERT_REVOCATIONS_PER_HOUR', 100),
    issuerRevocationsPerHour: positive(env, 'VANBANG_ALERT_ISSUER_REVOCATIONS_PER_HOUR', 20),
    batchRejectedShare: positive(env, 'VANBANG_ALERT_BATCH_REJECTED_PERCENT', 20) / 100,
    batchMinRows: positive(env, 'VANBANG_ALERT_BATCH_MIN_ROWS', 50),
    holdMs: positive(env, 'VANBANG_ALERT_HOLD_HOURS', 24) * 3_600_000,
  };
}
