// What the gateway can see of the ordering service by itself, to fail fast when it cannot order
// and to notice a lost Raft leader while a transaction waits for its commit.
//
// Two situations look the same in the errors Fabric's gateway returns ("no orderers could
// successfully process transaction", or an envelope accepted and never committed), and need
// opposite answers:
//  - no ordering quorum (a majority of the Raft consenters down): nothing can be ordered until an
//    operator brings them back, so a write should answer 503 LEDGER_UNAVAILABLE within seconds and
//    — when it never reached an orderer — change nothing;
//  - a node restarting or the leader moving: ordering resumes by itself within one Raft election
//    (ElectionTick 10 × TickInterval 500 ms = 5 s, randomized up to twice that), so the request
//    should retry the same signed transaction inside its deadline.
// The split is made on reachability, which the gateway can check: a majority of the orderers'
// listeners accepting connections means a quorum can form (and an election is at most seconds
// away); fewer, for longer than QUORUM_GRACE_MS, means it cannot. The grace covers an orderer
// restart (certificate renewal restarts one orderer at a time; its listener is closed for about
// 0.2 s here), which in a network of two orderers is a moment without quorum that requests must
// ride out. The leader is read from each orderer's operations endpoint (Prometheus metric
// consensus_etcdraft_is_leader), as network/src/orderer.ts isRaftLeader does.
import { httpGet, tcpOpen } from '@vanbang/network';

/**
 * How long fewer than a majority of the orderers must be unreachable before a write gives up:
 * well above an orderer restart's closed listener (0.2 s measured; seconds on a loaded machine),
 * and with the rest of the request still within the ~8 s the caller may wait for a 503.
 */
export const QUORUM_GRACE_MS = 5_000;

/** A probe result is shared by every request for this long (one probe per orderer per period). */
const PROBE_CACHE_MS = 250;
const LEADER_CACHE_MS = 250;
const PROBE_INTERVAL_MS = 250;

export interface OrdererTarget {
  org: string;
  /** host:port of the orderer's listener (clients and the Raft cluster). */
  endpoint: string;
  /** http://host:port of its operations endpoint, for the leader metric. */
  operationsUrl?: string;
}

export interface OrderingHealthOptions {
  /** Whether an orderer's listener accepts connections (default: a TCP connect, 500 ms). */
  reachable?: (o: OrdererTarget) => Promise<boolean>;
  /** Whether this orderer is the channel's Raft leader, undefined when it cannot say (default: its metrics). */
  isLeader?: (o: OrdererTarget, channel: string) => Promise<boolean | undefined>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  graceMs?: number;
}

async function tcpReachable(o: OrdererTarget): Promise<boolean> {
  const i = o.endpoint.lastIndexOf(':');
  return tcpOpen(o.endpoint.slice(0, i), Number(o.endpoint.slice(i + 1)), 500);
}

async function leaderMetric(o: OrdererTarget, channel: string): Promise<boolean | undefined> {
  if (!o.operationsUrl) return undefined;
  try {
    const res = await httpGet(`${o.operationsUrl}/metrics`, 1_000);
    if (res.status !== 200) return undefined;
    return res.body.split('\n').some((line) => line === `consensus_etcdraft_is_leader{channel="${channel}"} 1`);
  } catch {
    return undefined;
  }
}

export class OrderingHealth {
  private readonly reachable: (o: OrdererTarget) => Promise<boolean>;
  private readonly isLeader: (o: OrdererTarget, channel: string) => Promise<boolean | undefined>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly graceMs: number;
  private probe: { at: number; result: Promise<boolean> } | undefined;
  private leaderProbe: { at: number; leader: string | null | undefined } | undefined;
  private leaderReading: Promise<string | null | undefined> | undefined;
  /** Since when the probes have seen no quorum without a break (undefined: quorum last time). */
  private noQuorumSince: number | undefined;

  private readonly listOrderers: () => OrdererTarget[];

  /**
   * `orderers`: the list, or where to read it each time (the connection profile's, which can
   * change while the gateway runs when an organization joins or leaves the channel).
   */
  constructor(orderers: OrdererTarget[] | (() => OrdererTarget[]), readonly channel: string, opts: OrderingHealthOptions = {}) {
    this.listOrderers = typeof orderers === 'function' ? orderers : () => orderers;
    this.reachable = opts.reachable ?? tcpReachable;
    this.isLeader = opts.isLeader ?? leaderMetric;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.graceMs = opts.graceMs ?? QUORUM_GRACE_MS;
  }

  get orderers(): OrdererTarget[] {
    return this.listOrderers();
  }

  /** Whether it knows the orderers at all (a connection profile written before they were listed does not). */
  get known(): boolean {
    return this.orderers.length > 0;
  }

  /** Raft needs a strict majority of the consenters. */
  get quorum(): number {
    return Math.floor(this.orderers.length / 2) + 1;
  }

  /** Whether a majority of the orderers accept connections now (true when the orderers are not known). */
  async quorumReachable(): Promise<boolean> {
    if (!this.known) return true;
    const t = this.now();
    if (!this.probe || t - this.probe.at >= PROBE_CACHE_MS) {
      const result = Promise.all(this.orderers.map((o) => this.reachable(o).catch(() => false))).then((up) => {
        const ok = up.filter(Boolean).length >= this.quorum;
        if (ok) this.noQuorumSince = undefined;
        else this.noQuorumSince ??= t;
        return ok;
      });
      this.probe = { at: t, result };
    }
    return this.probe.result;
  }

  /** How long the ordering service has been seen without quorum, without a break (null: it has quorum). */
  async quorumLostForMs(): Promise<number | null> {
    if (await this.quorumReachable()) return null;
    return this.now() - (this.noQuorumSince ?? this.now());
  }

  /**
   * Waits until a majority of the orderers is reachable (true), or until the ordering service has
   * been without quorum for graceMs (false): at once if that began before this call, for an
   * earlier request, so that later writes answer without waiting again.
   */
  async waitForQuorum(): Promise<boolean> {
    for (;;) {
      const without = await this.quorumLostForMs();
      if (without === null) return true;
      if (without >= this.graceMs) return false;
      await this.sleep(Math.min(PROBE_INTERVAL_MS, this.graceMs - without));
    }
  }

  /**
   * Waits while orderers answer but none leads (an election, 5-10 s after a leader died), up to
   * `maxMs`; returns the leader (undefined when it cannot be told, null when still none). Sending
   * meanwhile does not help and costs: followers that have not noticed the dead leader yet forward
   * the envelope to it and hold it for the cluster's RPC timeout (7 s), one forward at a time.
   */
  async waitForLeader(maxMs: number): Promise<string | null | undefined> {
    const until = this.now() + maxMs;
    for (;;) {
      const leader = await this.leader();
      if (leader !== null || this.now() >= until || !(await this.quorumReachable())) return leader;
      await this.sleep(Math.min(PROBE_INTERVAL_MS, Math.max(0, until - this.now())));
    }
  }

  /**
   * The organization whose orderer leads the Raft cluster: null when none does (an election), and
   * undefined when it cannot be told (no operations endpoints, none answering). Served from the
   * last reading, refreshed in the background once it is LEADER_CACHE_MS old, so that a write never
   * waits on the metrics (only the very first call does).
   */
  async leader(): Promise<string | null | undefined> {
    if (!this.orderers.some((o) => o.operationsUrl)) return undefined;
    const t = this.now();
    if (!this.leaderReading && (!this.leaderProbe || t - this.leaderProbe.at >= LEADER_CACHE_MS)) {
      this.leaderReading = Promise.all(this.orderers.map((o) => this.isLeader(o, this.channel).catch(() => undefined)))
        .then((answers) => {
          const i = answers.indexOf(true);
          const leader = i >= 0 ? this.orderers[i]!.org : answers.some((a) => a === false) ? null : undefined;
          this.leaderProbe = { at: t, leader };
          return leader;
        })
        .finally(() => { this.leaderReading = undefined; });
    }
    return this.leaderProbe ? this.leaderProbe.leader : this.leaderReading!;
  }
}
