// The commands for a compromised identity and for a new signing key:
//   npm run identity:revoke -- <Org> <identity> --compromised-at <time> [--reason keyCompromise] [--decision <number>,<YYYY-MM-DD>]
//   npm run issuer:rotate-key -- <Org> <identity>
// Argument checking here, the work in network/src (identity-revocation.ts, key-rotation.ts).
import { REVOCATION_REASONS, revokeIdentity, rotateIssuerKey, type NetworkContext, type RevocationReason } from '../../network/src';
import { parseOptions } from './cli-options';

const REVOKE_USAGE = 'Usage: npm run identity:revoke -- <Org> <identity> --compromised-at <time, e.g. 2026-12-01T08:00:00+07:00> [--reason keyCompromise] [--decision "<number>,<YYYY-MM-DD>"]';
const ROTATE_USAGE = 'Usage: npm run issuer:rotate-key -- <Org> <identity>';

export async function identityRevokeCommand(ctx: NetworkContext, args: string[]): Promise<number> {
  const { positional, options } = parseOptions(args, ['compromised-at', 'reason', 'decision'], REVOKE_USAGE);
  if (positional.length !== 2 || !options['compromised-at']) throw new Error(REVOKE_USAGE);
  const [org, identity] = positional;
  const raw = options['compromised-at'];
  // A bare date would be read as midnight UTC, seven hours after midnight in Vietnam: ask for the time.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new Error(`--compromised-at "${raw}" must be a date and time with its zone, e.g. 2026-12-01T08:00:00+07:00 or 2026-12-01T01:00:00Z`);
  }
  const reason = options.reason ?? 'keyCompromise';
  if (!(reason in REVOCATION_REASONS)) throw new Error(`--reason must be one of ${Object.keys(REVOCATION_REASONS).join(', ')} (got ${reason})`);
  let decision: { number: string; date: string } | undefined;
  if (options.decision !== undefined) {
    const m = /^(.+),(\d{4}-\d{2}-\d{2})$/.exec(options.decision);
    if (!m) throw new Error(`--decision must be "<number>,<YYYY-MM-DD>", e.g. "15/QĐ-BGDĐT,2026-12-01" (got ${options.decision})`);
    decision = { number: m[1].trim(), date: m[2] };
  }
  const out = await revokeIdentity(ctx, { org, identity, compromisedAt: new Date(raw), reason: reason as RevocationReason, ...(decision ? { decision } : {}) });
  console.log(`\n✔ ${identity} revoked: certificate ${out.serial} is in ${org}'s CRL in the channel (configuration sequence ${out.configSequence})`
    + (out.recordedOnLedger ? '; the ledger flags what it recorded from the compromise on' : ''));
  return 0;
}

export async function issuerRotateKeyCommand(ctx: NetworkContext, args: string[]): Promise<number> {
  const { positional } = parseOptions(args, [], ROTATE_USAGE);
  if (positional.length !== 2) throw new Error(ROTATE_USAGE);
  const [org, identity] = positional;
  const out = await rotateIssuerKey(ctx, { org, identity });
  console.log(`\n✔ ${out.issuerCode} now signs with certificate ${out.newSerial} (fingerprint ${out.newFingerprint}); diplomas signed with ${out.oldFingerprint.slice(0, 16)}… stay valid`);
  return 0;
}
