/**
 * Runs contract functions the way a peer would: a fresh stub per transaction, a client identity
 * with MSP and certificate attributes, commit on success, nothing on failure.
 */
import './quiet';
import { createHash } from 'crypto';
import { Context } from 'fabric-contract-api';
import { DiplomaContract } from '../../src/contracts/diploma-contract';
import { IssuerRegistryContract } from '../../src/contracts/issuer-registry-contract';
import { SigningCertificatesContract } from '../../src/contracts/signing-certificates-contract';
import { AnchoringContract } from '../../src/contracts/anchoring-contract';
import { asStub, FakeLedger, FakeStub } from './fake-stub';

export interface Identity {
  mspId: string;
  role?: string;
  issuer?: string;
  /** The X.509 subject; may name a person, so it must never reach the ledger. */
  id?: string;
  /** The identity's certificate (PEM): what getIDBytes gives the chaincode. Without it, no signer is recorded. */
  certificatePem?: string;
}

export const MINISTRY_ADMIN: Identity = { mspId: 'MinistryMSP', role: 'ministry-admin', id: 'x509::/CN=Nguyen Van Minh::/CN=ca' };
export const AUDITOR: Identity = { mspId: 'MinistryMSP', role: 'auditor' };
export const HANOI_ADMIN: Identity = { mspId: 'HanoiDoETMSP', role: 'department-admin' };
export const HCMC_ADMIN: Identity = { mspId: 'HcmcDoETMSP', role: 'department-admin' };
export const BKA_ISSUER: Identity = { mspId: 'MinistryMSP', role: 'issuer', issuer: 'BKA', id: 'x509::/CN=Tran Thi Lan::/CN=ca' };
export const HN_SCHOOL: Identity = { mspId: 'HanoiDoETMSP', role: 'issuer', issuer: 'HN-THPT-001' };
export const PUBLIC: Identity = { mspId: 'HcmcDoETMSP' };

class FakeClientIdentity {
  constructor(private readonly who: Identity) {}
  getMSPID(): string {
    return this.who.mspId;
  }
  getID(): string {
    return this.who.id ?? 'x509::/CN=user::/CN=ca';
  }
  getIDBytes(): Uint8Array {
    return Buffer.from(this.who.certificatePem ?? this.getID());
  }
  getAttributeValue(name: string): string | null {
    if (name === 'vanbang.role') return this.who.role ?? null;
    if (name === 'vanbang.issuer') return this.who.issuer ?? null;
    return null;
  }
  assertAttributeValue(name: string, value: string): boolean {
    return this.getAttributeValue(name) === value;
  }
}

const contracts: Record<string, object> = {
  Diploma: new DiplomaContract(),
  IssuerRegistry: new IssuerRegistryContract(),
  SigningCertificates: new SigningCertificatesContract(),
  Anchoring: new AnchoringContract(),
};
type Fn = (ctx: Context, request: string) => Promise<string>;

export interface TxOutcome {
  result: string;
  stub: FakeStub;
}

/** 2026-07-01T00:00:00Z, then one second per transaction. */
const START_SECONDS = 1782864000;

export class Harness {
  readonly ledger = new FakeLedger();
  private seq = 0;
  /** Seconds since epoch of the next transaction; tests may move it. */
  nextSeconds = START_SECONDS;

  private fn(name: string): Fn {
    const [contract, fcn] = name.includes(':') ? name.split(':') : ['Diploma', name];
    const target = contracts[contract] as Record<string, Fn> | undefined;
    const f = target?.[fcn];
    if (typeof f !== 'function') throw new Error(`no function ${name}`);
    return f.bind(target);
  }

  /** Submits: runs the function, commits its writes if it succeeded. */
  async submit(name: string, who: Identity, request: unknown): Promise<TxOutcome> {
    this.seq++;
    const txId = `tx${String(this.seq).padStart(4, '0')}`;
    const stub = new FakeStub(this.ledger, txId, { seconds: this.nextSeconds, nanos: 500_000_000 } as never, name);
    this.nextSeconds += 1;
    const ctx = new Context();
    ctx.stub = asStub(stub);
    ctx.clientIdentity = new FakeClientIdentity(who);
    const arg = typeof request === 'string' ? request : JSON.stringify(request);
    const result = await this.fn(name)(ctx, arg);
    stub.commit();
    return { result, stub };
  }

  async call<T = Record<string, unknown>>(name: string, who: Identity, request: unknown): Promise<T> {
    return JSON.parse((await this.submit(name, who, request)).result) as T;
  }

  /** Expects a rejection with the given code and checks that nothing was committed. */
  async reject(name: string, who: Identity, request: unknown, code: string): Promise<string> {
    const before = this.snapshot();
    let message = '';
    try {
      await this.submit(name, who, request);
    } catch (e) {
      message = (e as Error).message;
    }
    if (!message.startsWith(`[${code}] `)) throw new Error(`expected [${code}], got: ${message || 'success'}`);
    expect(this.snapshot()).toEqual(before);
    return message;
  }

  snapshot(): string {
    return JSON.stringify([...this.ledger.state.entries()].map(([k, v]) => [k, v.toString('base64')]).sort());
  }

  lastEvent(): { name: string; payload: Record<string, unknown>; txId: string } {
    const e = this.ledger.events[this.ledger.events.length - 1];
    return { name: e.name, payload: JSON.parse(e.payload.toString()) as Record<string, unknown>, txId: e.txId };
  }
}

let hashCounter = 0;
/** A fresh 64-hex "SHA-256" for tests. */
export function hash(seed?: string): string {
  const s = seed ?? `h${++hashCounter}`;
  return createHash('sha256').update(s).digest('hex');
}

export const DECISION = { number: '123/QĐ-BGDĐT', date: '2026-01-05' };

export const BKA_REQUEST = {
  code: 'BKA',
  name: 'Đại học Bách khoa Hà Nội',
  kind: 'UNIVERSITY',
  hostMsp: 'MinistryMSP',
  diplomaTypes: ['KY_SU', 'CU_NHAN', 'THAC_SI', 'TIEN_SI'],
  decision: DECISION,
  // accredited since its foundation, so historical diplomas can be loaded
  validFrom: '1956-03-06',
};

export const SCHOOL_REQUEST = {
  code: 'HN-THPT-001',
  name: 'Trường THPT Chu Văn An',
  kind: 'UPPER_SECONDARY_SCHOOL',
  hostMsp: 'HanoiDoETMSP',
  diplomaTypes: ['THPT'],
  decision: { number: '45/QĐ-SGDĐT', date: '2026-01-10' },
  validFrom: '1908-01-01',
};

/** A harness with the demo issuers BKA (Ministry) and HN-THPT-001 (Hanoi) registered. */
export async function demoHarness(): Promise<Harness> {
  const h = new Harness();
  await h.submit('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, BKA_REQUEST);
  await h.submit('IssuerRegistry:RegisterIssuer', HANOI_ADMIN, SCHOOL_REQUEST);
  return h;
}

let serialCounter = 0;
export function bkaDiploma(over: Record<string, unknown> = {}): Record<string, unknown> {
  const n = ++serialCounter;
  return {
    issuerCode: 'BKA',
    serialNumber: `KS2026/${String(n).padStart(6, '0')}`,
    documentHash: hash(),
    diplomaType: 'KY_SU',
    graduationYear: 2026,
    registerEntryNumber: `2026/KS/${String(n).padStart(5, '0')}`,
    dateOfSigning: '2026-06-30',
    ...over,
  };
}

export function schoolItem(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    serialNumber: `THPT2026/${String(i).padStart(5, '0')}`,
    documentHash: hash(`school-${i}-${JSON.stringify(over)}`),
    diplomaType: 'THPT',
    graduationYear: 2026,
    registerEntryNumber: `${String(i).padStart(5, '0')}/2026`,
    dateOfSigning: '2026-06-25',
    ...over,
  };
}
