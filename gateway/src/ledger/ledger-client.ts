// The gateway's connection to the ledger: one Fabric Gateway session per signing identity (keys
// from the encrypted vault), submit with the transaction id reported *before* endorsement (so a
// crash after submission can be resolved by id), evaluate for queries, and transaction/block
// look-ups through qscc. A node restarting (certificate renewal) is waited out: queries move to
// another organization's peer, endorsement, ordering and the commit wait are retried
// (transient-retry.ts). A renewed identity gets a new session (forgetIdentity); the gRPC
// connections to the peers are shared by all sessions and stay. Ordering fails fast when a
// majority of the orderers is down, and a transaction whose Raft leader was lost is sent again at
// once (ordering-health.ts, orderAndWait).
import * as grpc from '@grpc/grpc-js';
import {
  connect, EndorseError, hash, signers, type Contract, type Gateway, type Network, type Status, type SubmittedTransaction, type Transaction,
} from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { grpcClientFor, peerOf, tcpOpen, type ConnectionProfile } from '@vanbang/network';
import type { IdentityVault, UnlockedIdentity } from '../auth/identity-vault';
import { chaincodeCode, chaincodeMessage, describeFabricError, LedgerError, signerRefusal } from '../errors/ledger-errors';
import { OrderingHealth } from './ordering-health';
import { isTransientLedgerFailure, retryTransient, type RetryOptions } from './transient-retry';

export interface SubmitOptions {
  endorsingOrganizations?: string[] | null;
  /** Called with the transaction id before the proposal leaves the gateway. */
  onTxId?: (txId: string) => Promise<void>;
  /**
   * The certificate (id in `certificates`) that signed the document being committed: the
   * transaction is signed with it too, even if the identity was renewed since (vault.signer).
   */
  signerCertificateId?: string | null;
}

export interface SubmitResult<T> {
  result: T;
  txId: string;
  blockNumber: number;
}

/** How long a transaction is waited for in all (the former single commit-status deadline), and per submission. */
const COMMIT_WAIT_MS = 120_000;
const COMMIT_ATTEMPT_MS = 30_000;
/**
 * A commit normally arrives within a second (batch timeout 250 ms, then validation); one not seen
 * after this long makes the wait look at the ordering service: its quorum and its Raft leader.
 */
const COMMIT_CHECK_MS = 2_000;
/**
 * One submission's deadline. Submit returns once an orderer has the envelope (milliseconds), but a
 * follower forwarding to a leader that just died holds it for the cluster's RPC timeout (7 s) and
 * Fabric's gateway may then try another such follower: cut it short and send again instead.
 */
const SUBMIT_ATTEMPT_MS = 5_000;
/** Longer than a Raft election (ElectionTick 10 × 500 ms, randomized up to twice that) and its pre-vote. */
const LEADER_WAIT_MS = 15_000;

/**
 * Whether a failed Submit certainly left the envelope with no orderer: Fabric's gateway tried every
 * orderer and each failed at the transport (one error detail per orderer: it never received the
 * envelope), or our own peer was never reached. An orderer that answered — even
 * SERVICE_UNAVAILABLE, which Fabric's gateway does not list in the details for Raft — may have
 * forwarded it to a leader, so anything else counts as possibly ordered.
 */
export function submitNeverReachedAnOrderer(err: unknown, ordererCount: number): boolean {
  const e = err as { code?: unknown; message?: string; details?: unknown[] };
  if (e?.code !== grpc.status.UNAVAILABLE) return false;
  const message = e.message ?? '';
  if (/no orderer nodes available/.test(message)) return true;
  if (/no orderers could successfully process transaction/.test(message)) return ordererCount > 0 && (e.details?.length ?? 0) >= ordererCount;
  // Our peer refused the connection: the request never left the gateway.
  return !(e.details?.length) && /No connection established|ECONNREFUSED/.test(message);
}

/** What one transaction's ordering has done so far, across its submissions. */
interface OrderingState {
  /** Some submission may have reached an orderer (accepted, or an answer that does not exclude it). */
  mayBeOrdered: boolean;
}

/** Times an invalidated (MVCC read conflict) transaction is endorsed anew before its request fails. */
const MVCC_RETRIES = 3;

const STATUS_NAMES: Record<number, string> = { 10: 'ENDORSEMENT_POLICY_FAILURE', 11: 'MVCC_READ_CONFLICT', 12: 'PHANTOM_READ_CONFLICT' };

export class LedgerClient {
  private readonly clients = new Map<string, grpc.Client>();
  /** Sessions by `<identity>@<organization of the peer>`, each with the unlocked identity it signs as. */
  private readonly gateways = new Map<string, { identity: UnlockedIdentity; gateway: Gateway }>();
  /** The orderers' reachability and leader, as the gateway sees them (none for an older profile: no fail-fast). */
  readonly ordering: OrderingHealth;

  constructor(
    readonly profile: ConnectionProfile,
    private readonly vault: IdentityVault,
    /** Identity used for public queries (verify, lookup status, history) and to sign verification receipts. */
    readonly readIdentity: string,
    ordering?: OrderingHealth,
  ) {
    this.ordering = ordering ?? new OrderingHealth(() => profile.orderers ?? [], profile.channel);
  }

  get channel(): string {
    return this.profile.channel;
  }

  private clientFor(org: string): grpc.Client {
    let client = this.clients.get(org);
    if (!client) {
      client = grpcClientFor(peerOf(this.profile, org));
      this.clients.set(org, client);
    }
    return client;
  }

  /** The session of `identityName` through the peer of its own organization, or of `viaOrg`. */
  gatewayFor(identityName: string, viaOrg?: string): Gateway {
    return this.sessionFor(this.vault.get(identityName), viaOrg);
  }

  /** The session signing as exactly this unlocked identity (certificate and key). */
  private sessionFor(id: UnlockedIdentity, viaOrg?: string): Gateway {
    const org = viaOrg ?? id.org;
    const key = `${id.name}@${org}`;
    const cached = this.gateways.get(key);
    if (cached?.identity === id) return cached.gateway;
    // Another certificate for this identity (renewed, or the previous one for an older document):
    // a new session; a call still running on the cached one keeps it.
    const gateway = connect({
      client: this.clientFor(org),
      identity: { mspId: id.mspId, credentials: Buffer.from(id.certificatePem) },
      signer: signers.newPrivateKeySigner(id.privateKey),
      hash: hash.sha256,
      evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
      endorseOptions: () => ({ deadline: Date.now() + 60_000 }),
      submitOptions: () => ({ deadline: Date.now() + 15_000 }),
      commitStatusOptions: () => ({ deadline: Date.now() + 120_000 }),
    });
    this.gateways.set(key, { identity: id, gateway });
    return gateway;
  }

  /**
   * Drops the sessions of an identity whose certificate was renewed: the next call signs with the
   * new certificate and key. A call under way keeps the session it started with (closing a
   * Gateway releases nothing: the gRPC connection is shared and stays open).
   */
  forgetIdentity(identityName: string): void {
    for (const key of [...this.gateways.keys()]) if (key.startsWith(`${identityName}@`)) this.gateways.delete(key);
  }

  network(identityName = this.readIdentity, viaOrg?: string): Network {
    return this.gatewayFor(identityName, viaOrg).getNetwork(this.profile.channel);
  }

  private contract(identityName: string, contractName?: string, viaOrg?: string): Contract {
    return this.network(identityName, viaOrg).getContract(this.profile.chaincode, contractName);
  }

  /**
   * The organization whose peer the n-th attempt of a query asks: the identity's own first, then
   * the others in turn (any peer of the channel answers queries from any organization).
   */
  private peerForAttempt(identityName: string, n: number): string {
    const own = this.vault.get(identityName).org;
    const orgs = [own, ...this.profile.peers.map((p) => p.org).filter((o) => o !== own)];
    return orgs[n % orgs.length]!;
  }

  /**
   * Retrying a transient failure makes sense while part of the network is up (a node restarting);
   * with no peer accepting connections at all the ledger is down, and the caller hears it at once.
   */
  private readonly retry: RetryOptions = {
    giveUp: async () => !(await Promise.all(this.profile.peers.map((p) => {
      const i = p.endpoint.lastIndexOf(':');
      return tcpOpen(p.endpoint.slice(0, i), Number(p.endpoint.slice(i + 1)), 500);
    }))).some(Boolean),
  };

  /** Queries move to the next peer at once; a pause only after every peer was tried. */
  private readonly queryRetry: RetryOptions = {
    ...this.retry,
    delayMs: (n) => ((n + 1) % this.profile.peers.length === 0 ? 1_000 : 0),
  };

  async submit<T>(identityName: string, fn: string, arg: unknown, opts: SubmitOptions = {}): Promise<SubmitResult<T>> {
    let signer: UnlockedIdentity;
    try {
      signer = this.vault.signer(identityName, opts.signerCertificateId);
    } catch (err) {
      throw new LedgerError('SIGNER_CERTIFICATE_GONE', (err as Error).message, true);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.submitOnce<T>(signer, fn, arg, opts);
      } catch (err) {
        // An MVCC read conflict discarded every write of the transaction. The usual cause here is
        // not another request but a new chaincode definition committed between endorsement and
        // validation (every invocation reads its definition: `npm run org:add`, chaincode
        // upgrades). Endorsing anew, with a new transaction id, runs the request against the
        // state as it is now, as if it had come a moment later; the chaincode's own checks
        // still refuse what that state no longer allows.
        if (!(err instanceof LedgerError) || err.validationCode !== 'MVCC_READ_CONFLICT' || attempt >= MVCC_RETRIES) throw err;
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
    }
  }

  private async submitOnce<T>(signer: UnlockedIdentity, fn: string, arg: unknown, opts: SubmitOptions): Promise<SubmitResult<T>> {
    const [contractName, fnName] = fn.includes(':') ? fn.split(':', 2) as [string, string] : [undefined, fn];
    const proposal = this.sessionFor(signer).getNetwork(this.profile.channel).getContract(this.profile.chaincode, contractName).newProposal(fnName, {
      arguments: [JSON.stringify(arg)],
      ...(opts.endorsingOrganizations ? { endorsingOrganizations: opts.endorsingOrganizations } : {}),
    });
    const txId = proposal.getTransactionId();
    if (opts.onTxId) await opts.onTxId(txId);
    let transaction;
    try {
      // The same signed proposal (same transaction id) again: endorsing has no effect on the ledger.
      transaction = await retryTransient(() => proposal.endorse(), this.retry);
    } catch (err) {
      throw toLedgerError(err, true);
    }
    // orderAndWait's errors say whether the transaction may have been ordered (notCommitted false:
    // the outcome is unknown, the pending record stays for the recovery worker).
    const status = await this.orderAndWait(transaction);
    if (!status.successful) {
      const name = STATUS_NAMES[status.code] ?? `code ${status.code}`;
      // An invalidated transaction is in a block but its writes were discarded: nothing changed.
      throw new LedgerError('TX_INVALID', `transaction ${txId} was invalidated at commit (${name})`, true, name);
    }
    const text = Buffer.from(transaction.getResult()).toString('utf8');
    return { result: (text ? JSON.parse(text) : null) as T, txId, blockNumber: Number(status.blockNumber) };
  }

  /**
   * Sends the endorsed transaction to ordering and waits for its commit. Sending it again is
   * always safe: it is the same signed envelope, and if an earlier copy is ordered too the later
   * one is refused at validation as a duplicate transaction id (the status is the first one's), so
   * a change is never made twice. It is sent again when
   *  - the Raft leader changed since it was sent (a leader killed before cutting the block loses
   *    the envelopes it had accepted; the new leader is known one election later, 5-10 s), or
   *  - no commit came within COMMIT_ATTEMPT_MS (an orderer restarted and lost it, or the leader
   *    cannot be read from the orderers' operations endpoints).
   * With no ordering quorum for QUORUM_GRACE_MS (ordering-health.ts) it gives up at once instead
   * of waiting COMMIT_WAIT_MS: LEDGER_UNAVAILABLE, notCommitted when no copy reached an orderer.
   */
  private async orderAndWait(transaction: Transaction): Promise<Status> {
    const deadline = Date.now() + COMMIT_WAIT_MS;
    const state: OrderingState = { mayBeOrdered: false };
    try {
      let submitted = await this.send(transaction, state);
      let sentAt = Date.now();
      let leaderAtSend = await this.ordering.leader();
      for (;;) {
        try {
          return await retryTransient(() => submitted.getStatus({ deadline: Math.min(Date.now() + COMMIT_CHECK_MS, deadline) }), this.retry);
        } catch (err) {
          if ((err as { code?: unknown }).code !== grpc.status.DEADLINE_EXCEEDED || Date.now() >= deadline) throw err;
        }
        const lostForMs = await this.ordering.quorumLostForMs();
        if (lostForMs !== null && lostForMs >= this.ordering.graceMs) {
          throw new LedgerError('LEDGER_UNAVAILABLE', `no ordering quorum: fewer than ${this.ordering.quorum} of ${this.ordering.orderers.length} orderers reachable while transaction ${transaction.getTransactionId()} waited for its commit`, false);
        }
        const leader = await this.ordering.leader();
        // null: an election is under way; sending now would only meet "no Raft leader".
        const moved = typeof leader === 'string' && leaderAtSend !== undefined && leader !== leaderAtSend;
        if (leaderAtSend === undefined) leaderAtSend = leader;
        if (moved || Date.now() - sentAt >= COMMIT_ATTEMPT_MS) {
          submitted = await this.send(transaction, state);
          sentAt = Date.now();
          leaderAtSend = await this.ordering.leader();
        }
      }
    } catch (err) {
      throw toLedgerError(err, !state.mayBeOrdered);
    }
  }

  /**
   * One submission of the signed transaction, retried while the ordering service is recovering by
   * itself (a leader election, an orderer restarting; a submit deadline: the peer's gateway waited
   * on an orderer forwarding to a dead leader). Never sent while a majority of the orderers is
   * unreachable: after QUORUM_GRACE_MS of that it gives up, and a transaction that never reached
   * an orderer changed nothing (notCommitted).
   */
  private send(transaction: Transaction, state: OrderingState): Promise<SubmittedTransaction> {
    return retryTransient(async () => {
      if (!(await this.ordering.waitForQuorum())) {
        throw new LedgerError('LEDGER_UNAVAILABLE', `no ordering quorum: fewer than ${this.ordering.quorum} of ${this.ordering.orderers.length} orderers reachable for ${this.ordering.graceMs / 1000} s`, !state.mayBeOrdered);
      }
      // A quorum is reachable: a leader is at most an election away. Send once there is one.
      await this.ordering.waitForLeader(LEADER_WAIT_MS);
      try {
        const submitted = await transaction.submit({ deadline: Date.now() + SUBMIT_ATTEMPT_MS });
        state.mayBeOrdered = true;
        return submitted;
      } catch (err) {
        if (!submitNeverReachedAnOrderer(err, this.ordering.orderers.length)) state.mayBeOrdered = true;
        throw err;
      }
    }, {
      ...this.retry,
      retryable: (err) => isTransientLedgerFailure(err) || (err as { code?: unknown }).code === grpc.status.DEADLINE_EXCEEDED,
      // A new leader takes orders as soon as it is elected: ask again often (a refusal is cheap).
      delayMs: (n) => Math.min(250 * 2 ** n, 500),
    });
  }

  async evaluate<T>(fn: string, arg: unknown, identityName = this.readIdentity): Promise<T> {
    const [contractName, fnName] = fn.includes(':') ? fn.split(':', 2) as [string, string] : [undefined, fn];
    let bytes: Uint8Array;
    try {
      bytes = await retryTransient((n) => this.contract(identityName, contractName, this.peerForAttempt(identityName, n)).evaluateTransaction(fnName, JSON.stringify(arg)), this.queryRetry);
    } catch (err) {
      throw toLedgerError(err, true);
    }
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  }

  /** The channel's height (number of blocks) on the gateway's peer (qscc GetChainInfo). */
  async height(): Promise<number> {
    try {
      const bytes = await retryTransient((n) => this.network(this.readIdentity, this.peerForAttempt(this.readIdentity, n)).getContract('qscc')
        .evaluateTransaction('GetChainInfo', this.profile.channel), this.queryRetry);
      return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
    } catch (err) {
      throw toLedgerError(err, true);
    }
  }

  /** Block `number` of the channel, or null when the peer has no such block (qscc GetBlockByNumber). */
  async blockByNumber(number: number): Promise<common.Block | null> {
    try {
      const bytes = await retryTransient((n) => this.network(this.readIdentity, this.peerForAttempt(this.readIdentity, n)).getContract('qscc')
        .evaluateTransaction('GetBlockByNumber', this.profile.channel, String(number)), this.queryRetry);
      return common.Block.deserializeBinary(bytes);
    } catch (err) {
      if (/not found|no such block|failed to get block|beyond/i.test(describeFabricError(err))) return null;
      throw toLedgerError(err, true);
    }
  }

  /** Block number of a committed transaction, or null when the ledger does not know the id. */
  async blockOfTransaction(txId: string): Promise<number | null> {
    try {
      const bytes = await retryTransient((n) => this.network(this.readIdentity, this.peerForAttempt(this.readIdentity, n)).getContract('qscc')
        .evaluateTransaction('GetBlockByTxID', this.profile.channel, txId), this.queryRetry);
      const block = common.Block.deserializeBinary(bytes);
      return block.getHeader()?.getNumber() ?? null;
    } catch (err) {
      const text = describeFabricError(err);
      if (/not found|no such transaction|failed to get block/i.test(text)) return null;
      throw toLedgerError(err, true);
    }
  }

  close(): void {
    for (const s of this.gateways.values()) s.gateway.close();
    for (const c of this.clients.values()) c.close();
    this.gateways.clear();
    this.clients.clear();
  }
}

export function toLedgerError(err: unknown, notCommitted: boolean): LedgerError {
  if (err instanceof LedgerError) return err;
  const text = describeFabricError(err);
  const code = chaincodeCode(text);
  if (code) return new LedgerError(code, chaincodeMessage(text), err instanceof EndorseError || notCommitted);
  const refused = signerRefusal(text);
  if (refused) return refused;
  return new LedgerError('LEDGER_UNAVAILABLE', text.split('\n')[0] ?? 'ledger unavailable', notCommitted);
}
