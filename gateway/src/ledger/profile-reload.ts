// Organizations joining or leaving a running channel (`npm run org:add` / `org:remove`) without a
// gateway restart, which would drop every request under way. The membership command rewrites the
// connection profile and sends SIGHUP; on it (and at every identity-reload interval) the gateway
// re-reads the profile and, when the set of organizations changed, updates the profile object
// every part of it shares (the ledger client, peer health, issuer registration, trust anchors),
// imports the new organization's application identities into the vault and gives them demo callers.
import { readConnectionProfile, type ConnectionProfile } from '@vanbang/network';
import type { Logger } from 'pino';
import { ensureDemoCallers } from '../auth/demo-callers';
import type { IdentityVault } from '../auth/identity-vault';
import { forgetTrustAnchors } from '../services/trust-anchors';

export interface ProfileChange {
  joined: string[];
  left: string[];
}

/** The organizations (by name) of the peers each profile lists. */
export function organizationChange(current: ConnectionProfile, next: ConnectionProfile): ProfileChange {
  const before = new Set(current.peers.map((p) => p.org));
  const after = new Set(next.peers.map((p) => p.org));
  return { joined: [...after].filter((o) => !before.has(o)).sort(), left: [...before].filter((o) => !after.has(o)).sort() };
}

/** Copies the membership-dependent parts of `next` into `current`, in place (others hold references to it). */
export function adoptMembership(current: ConnectionProfile, next: ConnectionProfile): void {
  current.peers.splice(0, current.peers.length, ...next.peers);
  current.identities.splice(0, current.identities.length, ...next.identities);
  if (next.organizations) current.organizations = next.organizations;
  // The ordering health (fail fast) reads this list each time: a new Department's orderer counts in the quorum.
  if (next.orderers) current.orderers = next.orderers;
  for (const mspId of Object.keys(current.caCertPaths)) if (!(mspId in next.caCertPaths)) delete current.caCertPaths[mspId];
  Object.assign(current.caCertPaths, next.caCertPaths);
  forgetTrustAnchors(current);
}

export class ProfileReloader {
  private running: Promise<ProfileChange> | undefined;

  constructor(
    private readonly profilePath: string,
    private readonly profile: ConnectionProfile,
    private readonly vault: IdentityVault,
    private readonly opts: { demoCallersHome?: string; log: Logger },
  ) {}

  /** One check; concurrent calls share it. Never rejects (a failed check is logged and tried at the next). */
  check(): Promise<ProfileChange> {
    this.running ??= this.checkOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async checkOnce(): Promise<ProfileChange> {
    const none = { joined: [], left: [] };
    try {
      const next = readConnectionProfile(this.profilePath);
      const change = organizationChange(this.profile, next);
      if (change.joined.length === 0 && change.left.length === 0) return none;
      adoptMembership(this.profile, next);
      await this.vault.importFromProfile(this.profile);
      if (this.opts.demoCallersHome) await ensureDemoCallers(this.profile, this.opts.demoCallersHome);
      this.opts.log.info(change, 'connection profile: the channel\'s organizations changed');
      return change;
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message }, 'connection profile reload failed; next check later');
      return none;
    }
  }
}
