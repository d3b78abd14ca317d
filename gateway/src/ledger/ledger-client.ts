// The gateway's connection to the ledger: one Fabric Gateway session per signing identity (keys
// from the encrypted vault), submit with the transaction id reported *before* endorsement (so a
// crash after submission can be resolved by id), evaluate for queries, and transaction/block
// look-ups through qscc.
import * as grpc from '@grpc/grpc-js';
import {
  connect, EndorseError, hash, signers, type Contract, type Gateway, type Network,
} from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { grpcClientFor, peerOf, type ConnectionProfile } from '@vanbang/network';
import type { IdentityVault } from '../auth/identity-vault';
import { chaincodeCode, chaincodeMessage, describeFabricError, LedgerError } from '../errors/ledger-errors';

export interface SubmitOptions {
  endorsingOrganizations?: string[] | null;
  /** Called with the transaction id before the proposal leaves the gateway. */
  onTxId?: (txId: string) => Promise<void>;
}

export interface SubmitResult<T> {
  result: T;
  txId: string;
  blockNumber: number;
}

const STATUS_NAMES: Record<number, string> = { 10: 'ENDORSEMENT_POLICY_FAILURE', 11: 'MVCC_READ_CONFLICT', 12: 'PHANTOM_READ_CONFLICT' };

export class LedgerClient {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly gateways = new Map<string, Gateway>();

  constructor(
    readonly profile: ConnectionProfile,
    private readonly vault: IdentityVault,
    /** Identity used for public queries (verify, lookup status, history) and to sign verification receipts. */
    readonly readIdentity: string,
  ) {}

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

  gatewayFor(identityName: string): Gateway {
    let gw = this.gateways.get(identityName);
    if (!gw) {
      const id = this.vault.get(identityName);
      gw = connect({
        client: this.clientFor(id.org),
        identity: { mspId: id.mspId, credentials: Buffer.from(id.certificatePem) },
        signer: signers.newPrivateKeySigner(id.privateKey),
        hash: hash.sha256,
        evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
        endorseOptions: () => ({ deadline: Date.now() + 60_000 }),
        submitOptions: () => ({ deadline: Date.now() + 15_000 }),
        commitStatusOptions: () => ({ deadline: Date.now() + 120_000 }),
      });
      this.gateways.set(identityName, gw);
    }
    return gw;
  }

  network(identityName = this.readIdentity): Network {
    return this.gatewayFor(identityName).getNetwork(this.profile.channel);
  }

  private contract(identityName: string, contractName?: string): Contract {
    return this.network(identityName).getContract(this.profile.chaincode, contractName);
  }

  async submit<T>(identityName: string, fn: string, arg: unknown, opts: SubmitOptions = {}): Promise<SubmitResult<T>> {
    const [contractName, fnName] = fn.includes(':') ? fn.split(':', 2) as [string, string] : [undefined, fn];
    const proposal = this.contract(identityName, contractName).newProposal(fnName, {
      arguments: [JSON.stringify(arg)],
      ...(opts.endorsingOrganizations ? { endorsingOrganizations: opts.endorsingOrganizations } : {}),
    });
    const txId = proposal.getTransactionId();
    if (opts.onTxId) await opts.onTxId(txId);
    let transaction;
    try {
      transaction = await proposal.endorse();
    } catch (err) {
      throw toLedgerError(err, true);
    }
    let status;
    try {
      const submitted = await transaction.submit();
      status = await submitted.getStatus();
    } catch (err) {
      // The orderer may or may not have the transaction: the outcome is unknown.
      throw toLedgerError(err, false);
    }
    if (!status.successful) {
      const name = STATUS_NAMES[status.code] ?? `code ${status.code}`;
      // An invalidated transaction is in a block but its writes were discarded: nothing changed.
      throw new LedgerError('TX_INVALID', `transaction ${txId} was invalidated at commit (${name})`, true, name);
    }
    const text = Buffer.from(transaction.getResult()).toString('utf8');
    return { result: (text ? JSON.parse(text) : null) as T, txId, blockNumber: Number(status.blockNumber) };
  }

  async evaluate<T>(fn: string, arg: unknown, identityName = this.readIdentity): Promise<T> {
    const [contractName, fnName] = fn.includes(':') ? fn.split(':', 2) as [string, string] : [undefined, fn];
    let bytes: Uint8Array;
    try {
      bytes = await this.contract(identityName, contractName).evaluateTransaction(fnName, JSON.stringify(arg));
    } catch (err) {
      throw toLedgerError(err, true);
    }
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  }

  /** The channel's height (number of blocks) on the gateway's peer (qscc GetChainInfo). */
  async height(): Promise<number> {
    try {
      const bytes = await this.network().getContract('qscc').evaluateTransaction('GetChainInfo', this.profile.channel);
      return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
    } catch (err) {
      throw toLedgerError(err, true);
    }
  }

  /** Block number of a committed transaction, or null when the ledger does not know the id. */
  async blockOfTransaction(txId: string): Promise<number | null> {
    try {
      const bytes = await this.network().getContract('qscc').evaluateTransaction('GetBlockByTxID', this.profile.channel, txId);
      const block = common.Block.deserializeBinary(bytes);
      return block.getHeader()?.getNumber() ?? null;
    } catch (err) {
      const text = describeFabricError(err);
      if (/not found|no such transaction|failed to get block/i.test(text)) return null;
      throw toLedgerError(err, true);
    }
  }

  close(): void {
    for (const gw of this.gateways.values()) gw.close();
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
  return new LedgerError('LEDGER_UNAVAILABLE', text.split('\n')[0] ?? 'ledger unavailable', notCommitted);
}
