// How long the certificates the organizations' CAs issue live, and when they are renewed: the
// `certificates:` section of network/topology.yaml, with environment overrides (tests and short
// experiments run a network whose certificates last minutes). Checked once, with messages that
// name the setting.

export interface CertificatePolicy {
  /** Lifetime of every enrollment and TLS certificate the org CAs issue (not of the CA roots). */
  lifetimeMs: number;
  /** A certificate is renewed once it expires within this margin. */
  renewBeforeMs: number;
  /** Re-enroll with the current key instead of a new one (orderer TLS always keeps its key). */
  reuseKeys: boolean;
  /** How often the background renewer looks for certificates within the margin. */
  checkEveryMs: number;
}

/** Fabric CA's own defaults for issued certificates (1 year), a 30-day margin, hourly checks. */
export const DEFAULT_CERTIFICATES = { lifetime: '8760h', renewBefore: '720h', reuseKeys: false, checkEvery: '1h' } as const;

/** Fabric CA's default lifetime of its root certificate (csr.ca.expiry, 15 years): issued certificates cannot outlive it. */
export const CA_ROOT_LIFETIME_MS = 131_400 * 3_600_000;

/**
 * How much shorter than `lifetime` a certificate can come out: Fabric CA rounds NotAfter to the
 * minute (up to 30 s less), and the CA's own TLS certificate is also backdated by
 * CA_TLS_BACKDATE_MS from a rounded time (up to 70 s less in all). renewBefore must stay below
 * lifetime minus this, or a certificate would be due again the moment it is renewed.
 */
export const ISSUANCE_SHORTFALL_MS = 90_000;

/**
 * The CA's own TLS certificate is signed by cfssl, which backdates NotBefore from the time rounded
 * to the minute (default 5 min, which would eat most of a test lifetime of minutes). One minute
 * keeps NotBefore in the past despite the rounding (±30 s).
 */
export const CA_TLS_BACKDATE_MS = 60_000;

const MIN_LIFETIME_MS = 3 * 60_000;
const MIN_RENEW_BEFORE_MS = 60_000;
const MIN_CHECK_EVERY_MS = 5_000;

export class CertificatePolicyError extends Error {}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "8760h", "30d", "3m30s", "90s" → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+[smhd])+$/.test(text)) return undefined;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) ms += Number(n) * UNIT_MS[unit!]!;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Milliseconds → a Go duration (what fabric-ca-server's `expiry` reads): whole hours, minutes or seconds. */
export function goDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1_000)}s`;
}

/** A short human reading of a duration: "364d 23h", "3m 20s", "45s". */
export function humanDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.floor(Math.abs(ms) / 1_000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3_600);
  s -= h * 3_600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = d > 0 ? [`${d}d`, `${h}h`] : h > 0 ? [`${h}h`, `${m}m`] : m > 0 ? [`${m}m`, `${s}s`] : [`${s}s`];
  return sign + parts.join(' ');
}

interface Setting {
  key: keyof typeof DEFAULT_CERTIFICATES;
  env: string;
}

const SETTINGS: Record<keyof typeof DEFAULT_CERTIFICATES, Setting> = {
  lifetime: { key: 'lifetime', env: 'VANBANG_CERT_LIFETIME' },
  renewBefore: { key: 'renewBefore', env: 'VANBANG_CERT_RENEW_BEFORE' },
  reuseKeys: { key: 'reuseKeys', env: 'VANBANG_CERT_REUSE_KEYS' },
  checkEvery: { key: 'checkEvery', env: 'VANBANG_CERT_CHECK_EVERY' },
};

/**
 * Reads the topology's `certificates:` section (absent → defaults) and the environment overrides
 * VANBANG_CERT_LIFETIME, VANBANG_CERT_RENEW_BEFORE, VANBANG_CERT_REUSE_KEYS and
 * VANBANG_CERT_CHECK_EVERY. Throws CertificatePolicyError naming the setting that is wrong.
 */
export function readCertificatePolicy(raw: unknown, env: NodeJS.ProcessEnv = process.env): CertificatePolicy {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new CertificatePolicyError('`certificates` must be a mapping (lifetime, renewBefore, reuseKeys, checkEvery)');
  }
  const section = (raw ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!(key in SETTINGS)) throw new CertificatePolicyError(`\`certificates.${key}\` is not a setting (known: ${Object.keys(SETTINGS).join(', ')})`);
  }
  const value = (s: Setting): { value: unknown; source: string } => {
    const fromEnv = env[s.env];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: s.env };
    return { value: section[s.key] ?? DEFAULT_CERTIFICATES[s.key], source: `certificates.${s.key}` };
  };
  const duration = (s: Setting): { ms: number; source: string } => {
    const { value: v, source } = value(s);
    const ms = typeof v === 'string' ? parseDuration(v) : undefined;
    if (ms === undefined || ms <= 0) throw new CertificatePolicyError(`${source} must be a duration like 8760h, 30d, 5m or 90s (got ${JSON.stringify(v)})`);
    return { ms, source };
  };
  const lifetime = duration(SETTINGS.lifetime);
  const renewBefore = duration(SETTINGS.renewBefore);
  const checkEvery = duration(SETTINGS.checkEvery);
  const reuse = value(SETTINGS.reuseKeys);
  const reuseKeys = reuse.value === true || reuse.value === 'true' ? true : reuse.value === false || reuse.value === 'false' ? false : undefined;
  if (reuseKeys === undefined) throw new CertificatePolicyError(`${reuse.source} must be true or false (got ${JSON.stringify(reuse.value)})`);

  if (lifetime.ms % 1_000 !== 0) throw new CertificatePolicyError(`${lifetime.source} must be whole seconds`);
  if (lifetime.ms < MIN_LIFETIME_MS) throw new CertificatePolicyError(`${lifetime.source} must be at least ${humanDuration(MIN_LIFETIME_MS)} (got ${humanDuration(lifetime.ms)})`);
  if (lifetime.ms > CA_ROOT_LIFETIME_MS) {
    throw new CertificatePolicyError(`${lifetime.source} cannot exceed the CA root certificate's ${CA_ROOT_LIFETIME_MS / 3_600_000}h (Fabric CA would cut it there)`);
  }
  if (renewBefore.ms < MIN_RENEW_BEFORE_MS) throw new CertificatePolicyError(`${renewBefore.source} must be at least ${humanDuration(MIN_RENEW_BEFORE_MS)}: renewing takes time`);
  if (renewBefore.ms > lifetime.ms - ISSUANCE_SHORTFALL_MS) {
    throw new CertificatePolicyError(
      `${renewBefore.source} (${humanDuration(renewBefore.ms)}) must be at least ${ISSUANCE_SHORTFALL_MS / 1_000} s shorter than ${lifetime.source} (${humanDuration(lifetime.ms)}): ` +
        'a certificate comes out up to that much shorter than its lifetime and must not be due again as soon as it is renewed',
    );
  }
  if (checkEvery.ms < MIN_CHECK_EVERY_MS) throw new CertificatePolicyError(`${checkEvery.source} must be at least ${humanDuration(MIN_CHECK_EVERY_MS)}`);
  if (checkEvery.ms >= renewBefore.ms) {
    throw new CertificatePolicyError(`${checkEvery.source} (${humanDuration(checkEvery.ms)}) must be shorter than ${renewBefore.source} (${humanDuration(renewBefore.ms)}), or a certificate could expire between two checks`);
  }
  return { lifetimeMs: lifetime.ms, renewBeforeMs: renewBefore.ms, reuseKeys, checkEveryMs: checkEvery.ms };
}
