import { policyOrgs } from '../src/ledger/endorsement';
import {
  AUDITOR, BKA_ISSUER, BKA_REQUEST, demoHarness, HANOI_ADMIN, Harness, HCMC_ADMIN, HN_SCHOOL, MINISTRY_ADMIN, PUBLIC, SCHOOL_REQUEST,
} from './support/harness';

const D = { number: '7/QĐ-BGDĐT', date: '2026-03-01' };

describe('IssuerRegistry:RegisterIssuer', () => {
  it('lets the Ministry accredit a university and records the decision', async () => {
    const h = new Harness();
    const issuer = await h.call('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, BKA_REQUEST);
    expect(issuer).toMatchObject({
      code: 'BKA', kind: 'UNIVERSITY', hostMsp: 'MinistryMSP', status: 'ACTIVE', successorCode: null,
      diplomaTypes: ['CU_NHAN', 'KY_SU', 'THAC_SI', 'TIEN_SI'], validFrom: '1956-03-06', validTo: null,
    });
    expect(issuer.decisions).toEqual([expect.objectContaining({ event: 'IssuerRegistered', number: '123/QĐ-BGDĐT', date: '2026-01-05' })]);
    expect(h.lastEvent()).toMatchObject({ name: 'IssuerRegistered', payload: { type: 'IssuerRegistered', ids: ['BKA'], hashes: [] } });
  });

  it('lets a Department register its own school, defaulting hostMsp to itself', async () => {
    const h = new Harness();
    const { hostMsp: _omit, ...req } = SCHOOL_REQUEST;
    const issuer = await h.call('IssuerRegistry:RegisterIssuer', HANOI_ADMIN, req);
    expect(issuer).toMatchObject({ code: 'HN-THPT-001', hostMsp: 'HanoiDoETMSP', diplomaTypes: ['THPT'] });
  });

  it('puts "Ministry AND host Department" on a Department-hosted issuer key, nothing on a Ministry-hosted one', async () => {
    const h = await demoHarness();
    const keys = [...h.ledger.validation.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toContain('HN-THPT-001');
    expect(policyOrgs(h.ledger.validation.get(keys[0])!)).toEqual(['HanoiDoETMSP', 'MinistryMSP']);
  });

  it('refuses a Department registering a university, a school of another Department, or anyone else registering', async () => {
    const h = new Harness();
    await h.reject('IssuerRegistry:RegisterIssuer', HANOI_ADMIN, { ...BKA_REQUEST, hostMsp: 'HanoiDoETMSP' }, 'NOT_AUTHORIZED');
    await h.reject('IssuerRegistry:RegisterIssuer', HCMC_ADMIN, SCHOOL_REQUEST, 'NOT_AUTHORIZED');
    await h.reject('IssuerRegistry:RegisterIssuer', BKA_ISSUER, BKA_REQUEST, 'NOT_AUTHORIZED');
    await h.reject('IssuerRegistry:RegisterIssuer', AUDITOR, BKA_REQUEST, 'NOT_AUTHORIZED');
    await h.reject('IssuerRegistry:RegisterIssuer', PUBLIC, BKA_REQUEST, 'NOT_AUTHORIZED');
    // ministry-admin role from a Department MSP is not the Ministry
    await h.reject('IssuerRegistry:RegisterIssuer', { mspId: 'HanoiDoETMSP', role: 'ministry-admin' }, BKA_REQUEST, 'NOT_AUTHORIZED');
  });

  it('refuses duplicates, bad formats and types that do not fit the kind', async () => {
    const h = await demoHarness();
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, BKA_REQUEST, 'ISSUER_ALREADY_EXISTS');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'bka' }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'X' }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', kind: 'COLLEGE' }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', diplomaTypes: [] }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', diplomaTypes: ['KY_SU', 'KY_SU'] }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', diplomaTypes: ['THPT'] }, 'DIPLOMA_TYPE_NOT_ALLOWED');
    await h.reject('IssuerRegistry:RegisterIssuer', HANOI_ADMIN, { ...SCHOOL_REQUEST, code: 'HN-2', diplomaTypes: ['CU_NHAN'] }, 'DIPLOMA_TYPE_NOT_ALLOWED');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', validFrom: '2026-05-01', validTo: '2026-01-01' }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', decision: { number: '1', date: '2026-02-30' } }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', decision: { number: '1', date: '2027-01-01' } }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', hostMsp: undefined }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', website: 'x' }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, code: 'NEW', name: '' }, 'INVALID_ARGUMENT');
  });

  it('stores the name NFC-normalised, whatever form it arrives in', async () => {
    const h = new Harness();
    const issuer = await h.call('IssuerRegistry:RegisterIssuer', MINISTRY_ADMIN, { ...BKA_REQUEST, name: BKA_REQUEST.name.normalize('NFD') });
    expect(issuer.name).toBe(BKA_REQUEST.name.normalize('NFC'));
  });
});

describe('IssuerRegistry: update, suspend, reinstate, merge', () => {
  it('updates name, types and validity with a decision', async () => {
    const h = await demoHarness();
    const issuer = await h.call('IssuerRegistry:UpdateIssuer', MINISTRY_ADMIN, { code: 'BKA', diplomaTypes: ['KY_SU'], validTo: '2030-12-31', decision: D });
    expect(issuer).toMatchObject({ diplomaTypes: ['KY_SU'], validTo: '2030-12-31' });
    expect(issuer.decisions).toHaveLength(2);
    expect(h.lastEvent().payload).toMatchObject({ type: 'IssuerUpdated', details: { change: 'UPDATED' } });
    const cleared = await h.call('IssuerRegistry:UpdateIssuer', MINISTRY_ADMIN, { code: 'BKA', validTo: null, decision: D });
    expect(cleared.validTo).toBeNull();
  });

  it('refuses empty updates, unknown issuers and foreign administrators', async () => {
    const h = await demoHarness();
    await h.reject('IssuerRegistry:UpdateIssuer', MINISTRY_ADMIN, { code: 'BKA', decision: D }, 'INVALID_ARGUMENT');
    await h.reject('IssuerRegistry:UpdateIssuer', MINISTRY_ADMIN, { code: 'NOPE', name: 'x', decision: D }, 'ISSUER_NOT_FOUND');
    await h.reject('IssuerRegistry:UpdateIssuer', HANOI_ADMIN, { code: 'BKA', name: 'x', decision: D }, 'NOT_AUTHORIZED');
    await h.reject('IssuerRegistry:UpdateIssuer', HCMC_ADMIN, { code: 'HN-THPT-001', name: 'x', decision: D }, 'NOT_AUTHORIZED');
    await h.reject('IssuerRegistry:UpdateIssuer', HN_SCHOOL, { code: 'HN-THPT-001', name: 'x', decision: D }, 'NOT_AUTHORIZED');
    await h.reject('IssuerRegistry:UpdateIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', diplomaTypes: ['KY_SU'], decision: D }, 'DIPLOMA_TYPE_NOT_ALLOWED');
    await h.reject('IssuerRegistry:UpdateIssuer', MINISTRY_ADMIN, { code: 'BKA', validTo: '1950-01-01', decision: D }, 'INVALID_ARGUMENT');
  });

  it('suspends and reinstates; refuses the wrong transitions', async () => {
    const h = await demoHarness();
    expect((await h.call('IssuerRegistry:SuspendIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', decision: D })).status).toBe('SUSPENDED');
    await h.reject('IssuerRegistry:SuspendIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', decision: D }, 'INVALID_STATE_TRANSITION');
    expect((await h.call('IssuerRegistry:ReinstateIssuer', MINISTRY_ADMIN, { code: 'HN-THPT-001', decision: D })).status).toBe('ACTIVE');
    await h.reject('IssuerRegistry:ReinstateIssuer', MINISTRY_ADMIN, { code: 'HN-THPT-001', decision: D }, 'INVALID_STATE_TRANSITION');
    await h.reject('IssuerRegistry:SuspendIssuer', HCMC_ADMIN, { code: 'HN-THPT-001', decision: D }, 'NOT_AUTHORIZED');
    await h.reject('IssuerRegistry:SuspendIssuer', MINISTRY_ADMIN, { code: 'HN-THPT-001' }, 'INVALID_ARGUMENT');
    expect(h.lastEvent().payload).toMatchObject({ details: { change: 'REINSTATED', status: 'ACTIVE' } });
  });

  it('merges into a successor, finally', async () => {
    const h = await demoHarness();
    await h.call('IssuerRegistry:RegisterIssuer', HANOI_ADMIN, { ...SCHOOL_REQUEST, code: 'HN-THPT-002', name: 'Trường THPT Việt Đức' });
    const merged = await h.call('IssuerRegistry:MergeIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', successorCode: 'HN-THPT-002', decision: D });
    expect(merged).toMatchObject({ status: 'MERGED', successorCode: 'HN-THPT-002' });
    expect(h.lastEvent().payload).toMatchObject({ ids: ['HN-THPT-001', 'HN-THPT-002'], details: { change: 'MERGED' } });
    await h.reject('IssuerRegistry:UpdateIssuer', MINISTRY_ADMIN, { code: 'HN-THPT-001', name: 'x', decision: D }, 'ISSUER_MERGED');
    await h.reject('IssuerRegistry:ReinstateIssuer', MINISTRY_ADMIN, { code: 'HN-THPT-001', decision: D }, 'ISSUER_MERGED');
    await h.reject('IssuerRegistry:MergeIssuer', MINISTRY_ADMIN, { code: 'BKA', successorCode: 'HN-THPT-001', decision: D }, 'INVALID_STATE_TRANSITION');
  });

  it('refuses merging into itself, into an unknown issuer, or a Department handing custody elsewhere', async () => {
    const h = await demoHarness();
    await h.reject('IssuerRegistry:MergeIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', successorCode: 'HN-THPT-001', decision: D }, 'INVALID_STATE_TRANSITION');
    await h.reject('IssuerRegistry:MergeIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', successorCode: 'NOPE', decision: D }, 'ISSUER_NOT_FOUND');
    await h.reject('IssuerRegistry:MergeIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', successorCode: 'BKA', decision: D }, 'NOT_AUTHORIZED');
  });
});

describe('IssuerRegistry queries', () => {
  it('gets, lists with pagination, and returns the history of an issuer', async () => {
    const h = await demoHarness();
    await h.call('IssuerRegistry:SuspendIssuer', MINISTRY_ADMIN, { code: 'BKA', decision: D });
    expect((await h.call('IssuerRegistry:GetIssuer', PUBLIC, { code: 'BKA' })).status).toBe('SUSPENDED');
    await h.reject('IssuerRegistry:GetIssuer', PUBLIC, { code: 'NOPE' }, 'ISSUER_NOT_FOUND');
    const p1 = await h.call<{ records: { code: string }[]; bookmark: string }>('IssuerRegistry:ListIssuers', PUBLIC, { pageSize: 1 });
    expect(p1.records.map((r) => r.code)).toEqual(['BKA']);
    const p2 = await h.call<{ records: { code: string }[]; bookmark: string }>('IssuerRegistry:ListIssuers', PUBLIC, { pageSize: 1, bookmark: p1.bookmark });
    expect(p2.records.map((r) => r.code)).toEqual(['HN-THPT-001']);
    expect(p2.bookmark).toBe('');
    await h.reject('IssuerRegistry:ListIssuers', PUBLIC, { pageSize: 0 }, 'INVALID_ARGUMENT');
    const hist = await h.call<{ history: { eventType: string; status: string }[] }>('IssuerRegistry:GetIssuerHistory', AUDITOR, { code: 'BKA' });
    expect(hist.history.map((e) => [e.eventType, e.status])).toEqual([['IssuerRegistered', 'ACTIVE'], ['IssuerUpdated', 'SUSPENDED']]);
    await h.reject('IssuerRegistry:GetIssuerHistory', AUDITOR, { code: 'NOPE' }, 'ISSUER_NOT_FOUND');
  });
});
