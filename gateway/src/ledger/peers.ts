// One Fabric Gateway connection per peer, so that health can report each peer's own view of the
// ledger (reachability and block height), not just one peer's.
import { chainHeight, connectAs, type ConnectionProfile, type FabricConnection } from '@vanbang/network';

export interface PeerHealth {
  org: string;
  mspId: string;
  endpoint: string;
  reachable: boolean;
  height?: number;
  error?: string;
}

export class PeerConnections {
  private readonly conns = new Map<string, FabricConnection>();

  constructor(private readonly profile: ConnectionProfile) {}

  /** A connection to the org's peer as one of that org's own identities. */
  private connFor(org: string): FabricConnection {
    let conn = this.conns.get(org);
    if (!conn) {
      const id = this.profile.identities.find((i) => i.org === org && i.role !== 'org-admin') ?? this.profile.identities.find((i) => i.org === org);
      if (!id) throw new Error(`no identity for ${org}`);
      conn = connectAs(this.profile, id.name, org);
      this.conns.set(org, conn);
    }
    return conn;
  }

  async health(): Promise<PeerHealth[]> {
    return Promise.all(
      this.profile.peers.map(async (peer): Promise<PeerHealth> => {
        const base = { org: peer.org, mspId: peer.mspId, endpoint: peer.endpoint };
        try {
          const height = await chainHeight(this.connFor(peer.org), this.profile.channel);
          return { ...base, reachable: true, height };
        } catch (err) {
          return { ...base, reachable: false, error: (err as Error).message.split('\n')[0] };
        }
      }),
    );
  }

  close(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }
}
