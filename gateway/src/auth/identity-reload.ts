// Picks up renewed certificates without a restart. On SIGHUP (sent by `npm run network:renew` and
// the background renewer) and every `identityReloadMs`, the gateway re-reads the connection
// profile and each identity's certificate and key files; when a file holds another certificate
// than the vault and it is newer, the vault stores it with its key, and the ledger client drops
// that identity's Fabric Gateway session so the next request uses the new one. Requests already
// under way finish with the old session, whose certificate is still valid: renewal happens
// within a margin before expiry.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readConnectionProfile } from '@vanbang/network';
import type { Logger } from 'pino';
import type { IdentityVault, UnlockedIdentity } from './identity-vault';

/**
 * Whether `candidate` should replace `current`. Fabric CA gives every certificate it issues the
 * NotBefore of its own CA certificate, so a renewed certificate usually differs only by a later
 * NotAfter: later NotBefore wins, then, at equal NotBefore, later NotAfter. A certificate with an
 * earlier NotAfter (the lifetime was shortened) wins only once the current one has expired.
 */
export function isNewerCertificate(candidatePem: string, currentPem: string, now = new Date()): boolean {
  const candidate = new X509Certificate(candidatePem);
  const current = new X509Certificate(currentPem);
  if (candidate.serialNumber === current.serialNumber) return false;
  const time = (t: string) => new Date(t).getTime();
  const validNow = (c: X509Certificate) => time(c.validFrom) <= now.getTime() && now.getTime() < time(c.validTo);
  if (!validNow(candidate)) return false;
  if (time(candidate.validFrom) !== time(current.validFrom)) return time(candidate.validFrom) > time(current.validFrom);
  return time(candidate.validTo) > time(current.validTo) || !validNow(current);
}

/** Whether the private key belongs to the certificate (files read mid-renewal may not match yet). */
export function keyMatchesCertificate(privateKeyPem: string, certificatePem: string): boolean {
  const fromKey = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
  const fromCert = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return fromKey.equals(fromCert);
}

export class IdentityReloader {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string[]> | undefined;
  private again = false;

  constructor(
    private readonly profilePath: string,
    private readonly vault: IdentityVault,
    /** Called with each identity replaced (the ledger client drops its session). */
    private readonly onReplaced: (identity: UnlockedIdentity) => void,
    private readonly log: Logger,
  ) {}

  /** Checks every `intervalMs` (0: never; SIGHUP still triggers a check). */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * One check; concurrent calls share it, and a call arriving during a check runs one more after
   * it (a SIGHUP right after a renewal must see the files as the renewal left them). Never
   * rejects. Returns the names of the identities replaced.
   */
  check(): Promise<string[]> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.checkOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.check();
      }
    });
    return this.running;
  }

  private async checkOnce(): Promise<string[]> {
    const replaced: string[] = [];
    let files: { name: string; certPath: string; keyPath: string }[];
    try {
      files = readConnectionProfile(this.profilePath).identities;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'identity reload: cannot read the connection profile; next check later');
      return replaced;
    }
    for (const current of this.vault.list()) {
      try {
        const file = files.find((f) => f.name === current.name);
        let identity = file ? await this.fromFiles(current, file) : undefined;
        // Another gateway sharing the database may have stored a renewal first.
        identity ??= await this.vault.reload(current.name);
        if (identity && identity !== current) {
          replaced.push(identity.name);
          this.onReplaced(identity);
          const cert = new X509Certificate(identity.certificatePem);
          this.log.info({ identity: identity.name, serial: cert.serialNumber, notAfter: cert.validTo }, 'identity reloaded with its renewed certificate');
        }
      } catch (err) {
        this.log.warn({ identity: current.name, err: (err as Error).message }, 'identity reload failed; next check later');
      }
    }
    return replaced;
  }

  private async fromFiles(current: UnlockedIdentity, file: { certPath: string; keyPath: string }): Promise<UnlockedIdentity | undefined> {
    let certificatePem: string;
    let privateKeyPem: string;
    try {
      certificatePem = readFileSync(file.certPath, 'utf8');
      privateKeyPem = readFileSync(file.keyPath, 'utf8');
    } catch {
      return undefined; // between a renewal's folder switch and its profile update: next check
    }
    if (certificatePem === current.certificatePem || !isNewerCertificate(certificatePem, current.certificatePem)) return undefined;
    if (!keyMatchesCertificate(privateKeyPem, certificatePem)) return undefined;
    return this.vault.replaceCertificate(current.name, certificatePem, privateKeyPem);
  }
}
