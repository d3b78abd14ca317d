// The alerts firing now, with when each was first and last seen, and their Prometheus metrics.
// Alerts are computed on read (GET /alerts) and every minute by a timer (for the gauge): each
// evaluation runs every rule; an alert found again keeps its firstSeen, one no longer found is
// resolved (dropped), and each newly firing alert counts once in alert_events_total.
import { alertEvents, alertsActive } from '../http/metrics';
import type { GatewayContext } from '../services/context';
import { ALERT_RULES, type Alert, type AlertFinding } from './alert-types';
import { issuanceSpikes, revocationBursts } from './counter-rules';
import { refusalFindings } from './refusal-log';

const firing = new Map<string, Alert>();

function idOf(f: AlertFinding): string {
  // The window's start is part of the identity: a new day's spike is a new alert.
  const s = f.subject;
  return [f.rule, s.kind, s.hostMsp ?? '', s.issuerCode ?? '', s.batchId ?? '', f.rule === 'issuance_spike' ? f.window.from : ''].join('|');
}

function findings(ctx: GatewayContext, now: number): AlertFinding[] {
  const config = ctx.config.alerts;
  const reader = ctx.statusIndex?.statistics();
  // While the index is not live, rules (a) and (b) keep their last state rather than resolve on partial counts.
  const fromCounters = reader ? [...issuanceSpikes(reader, config, now), ...revocationBursts(reader, config, now)] : null;
  const fromRefusals = refusalFindings(config.holdMs, now);
  if (fromCounters) return [...fromCounters, ...fromRefusals];
  const kept = [...firing.values()].filter((a) => a.rule === 'issuance_spike' || a.rule === 'revocation_burst');
  return [...kept, ...fromRefusals];
}

/** Runs every rule now and returns the alerts firing. */
export function evaluateAlerts(ctx: GatewayContext, now = Date.now()): Alert[] {
  const seenAt = new Date(now).toISOString();
  const current = new Map<string, Alert>();
  for (const f of findings(ctx, now)) {
    const id = idOf(f);
    const before = firing.get(id);
    if (!before) alertEvents.inc({ rule: f.rule });
    current.set(id, { ...f, firstSeen: before?.firstSeen ?? seenAt, lastSeen: seenAt });
  }
  firing.clear();
  for (const [id, a] of current) firing.set(id, a);
  for (const rule of ALERT_RULES) alertsActive.set({ rule }, [...current.values()].filter((a) => a.rule === rule).length);
  return [...current.values()].sort((a, b) => (a.firstSeen < b.firstSeen ? 1 : a.firstSeen > b.firstSeen ? -1 : 0));
}

/** Re-evaluates every `everyMs` (the gauge stays current without readers); returns the stop. */
export function startAlertTimer(ctx: GatewayContext, everyMs = 60_000): () => void {
  const timer = setInterval(() => {
    try {
      evaluateAlerts(ctx);
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, 'alert evaluation failed');
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
