// An alert as GET /alerts answers it and as the rules produce it.
export const ALERT_RULES = ['issuance_spike', 'revocation_burst', 'inactive_issuer_issuance', 'batch_rejections'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface AlertSubject {
  kind: 'issuer' | 'national' | 'batch';
  issuerCode: string | null;
  /** The issuer's host organization: a Department sees the alerts of its own issuers only. */
  hostMsp: string | null;
  batchId: string | null;
}

/** What a rule finds firing now. */
export interface AlertFinding {
  rule: AlertRule;
  subject: AlertSubject;
  window: { from: string; to: string };
  observed: number;
  threshold: number;
  detail: string;
}

export interface Alert extends AlertFinding {
  firstSeen: string;
  lastSeen: string;
}
