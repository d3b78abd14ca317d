// Small helpers for talking to the `vanbang` chaincode from integration tests, as one of the
// enrolled identities, through the Fabric Gateway (no mocks).
import { randomBytes } from 'node:crypto';
import { connectAs, peerLedgerHeight, waitFor, type ConnectionProfile } from '../../network/src';
import { testContext } from './network';

export interface LedgerError {
  code?: string;
  message: string;
}

/** The chaincode's `[CODE]` from a Fabric Gateway error (the message or its details). */
export function errorCode(err: unknown): LedgerError {
  const e = err as { message?: string; details?: { message?: string }[] };
  const text = [e.message ?? String(err), ...(e.details ?? []).map((d) => d.message ?? '')].join(' | ');
  return { code: /\[([A-Z][A-Z0-9_]*)\]/.exec(text)?.[1], message: text };
}

export class LedgerClient {
  private readonly conn;

  constructor(
    private readonly profile: ConnectionProfile,
    identity: string,
  ) {
    this.conn = connectAs(profile, identity);
  }

  private contract(name?: string) {
    return this.conn.gateway.getNetwork(this.profile.channel).getContract(this.profile.chaincode, name);
  }

  async submit<T = Record<string, unknown>>(fn: string, arg: unknown, endorsingOrganizations?: string[]): Promise<{ result: T; txId: string; block: bigint }> {
    const [contractName, txName] = fn.includes(':') ? fn.split(':') : [undefined, fn];
    const proposal = this.contract(contractName).newProposal(txName, { arguments: [JSON.stringify(arg)], endorsingOrganizations });
    const tx = await proposal.endorse();
    const commit = await tx.submit();
    const status = await commit.getStatus();
    if (!status.successful) throw Object.assign(new Error(`transaction ${status.transactionId} invalid: code ${status.code}`), { validationCode: status.code });
    // The commit status comes from this client's own peer; tests then read through other
    // organizations' peers, so wait until every peer has committed the block.
    const { topology } = testContext();
    await waitFor(`block ${status.blockNumber} on every peer`, async () => {
      for (const org of topology.organizations) if (((await peerLedgerHeight(org, topology.channel)) ?? 0) <= Number(status.blockNumber)) return false;
      return true;
    }, { timeoutMs: 30_000, intervalMs: 50 });
    return { result: JSON.parse(Buffer.from(tx.getResult()).toString()) as T, txId: status.transactionId, block: status.blockNumber };
  }

  async evaluate<T = Record<string, unknown>>(fn: string, arg: unknown): Promise<T> {
    const [contractName, txName] = fn.includes(':') ? fn.split(':') : [undefined, fn];
    const bytes = await this.contract(contractName).evaluateTransaction(txName, JSON.stringify(arg));
    return JSON.parse(Buffer.from(bytes).toString()) as T;
  }

  /** A system chaincode query (qscc), returning raw protobuf bytes. */
  async qscc(fn: string, ...args: string[]): Promise<Uint8Array> {
    return this.conn.gateway.getNetwork(this.profile.channel).getContract('qscc').evaluateTransaction(fn, ...args);
  }

  close(): void {
    this.conn.close();
  }
}

export const randomHash = () => randomBytes(32).toString('hex');
export const randomCode = (prefix: string) => `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;

export function diplomaRequest(issuerCode: string, diplomaType: string, overrides: Record<string, unknown> = {}) {
  return {
    issuerCode,
    serialNumber: randomCode('S'),
    documentHash: randomHash(),
    diplomaType,
    graduationYear: 2026,
    registerEntryNumber: randomCode('R'),
    dateOfSigning: '2026-06-30',
    ...overrides,
  };
}
