import { AUDITOR, BKA_ISSUER, bkaDiploma, demoHarness, hash, HN_SCHOOL, MINISTRY_ADMIN, PUBLIC, schoolItem } from './support/harness';

const D = { number: '88/QĐ-ĐHBK', date: '2026-06-30' };

describe('queries', () => {
  it('GetDiploma returns the record; unknown ids and bad ids are rejected', async () => {
    const h = await demoHarness();
    const req = bkaDiploma();
    await h.call('IssueDiploma', BKA_ISSUER, req);
    expect(await h.call('GetDiploma', PUBLIC, { diplomaId: `BKA:${req.serialNumber}` })).toMatchObject({ documentHash: req.documentHash });
    await h.reject('GetDiploma', PUBLIC, { diplomaId: 'BKA:NOPE' }, 'DIPLOMA_NOT_FOUND');
    await h.reject('GetDiploma', PUBLIC, { diplomaId: 'BKA' }, 'INVALID_ARGUMENT');
    await h.reject('GetDiploma', PUBLIC, { id: 'BKA:1' }, 'INVALID_ARGUMENT');
  });

  it('VerifyHash answers VALID with issuer, type, year, version and latest event; UNKNOWN for a stranger hash', async () => {
    const h = await demoHarness();
    const req = bkaDiploma();
    await h.call('IssueDiploma', BKA_ISSUER, req);
    const v = await h.call('VerifyHash', PUBLIC, { documentHash: req.documentHash });
    expect(v).toMatchObject({
      found: true, status: 'VALID', diplomaId: `BKA:${req.serialNumber}`, diplomaType: 'KY_SU', graduationYear: 2026,
      hashVersion: 1, currentVersion: 1, issuer: { code: 'BKA', name: 'Đại học Bách khoa Hà Nội', status: 'ACTIVE' },
      latestEvent: { type: 'DiplomaIssued' }, supersedes: null, supersededBy: null, revocation: null,
    });
    expect(await h.call('VerifyHash', PUBLIC, { documentHash: hash() })).toEqual({ documentHash: expect.any(String), found: false, status: 'UNKNOWN' });
    await h.reject('VerifyHash', PUBLIC, { documentHash: 'xyz' }, 'INVALID_ARGUMENT');
  });

  it('GetHistory lists every version oldest first with tx id, time, organisation, actor, event and decision', async () => {
    const h = await demoHarness();
    const req = bkaDiploma();
    const id = `BKA:${req.serialNumber}`;
    await h.call('IssueDiploma', BKA_ISSUER, req);
    await h.call('CorrectDiploma', BKA_ISSUER, { diplomaId: id, documentHash: hash(), decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' });
    await h.call('RecordCopy', BKA_ISSUER, { diplomaId: id });
    await h.call('RevokeDiploma', MINISTRY_ADMIN, { diplomaId: id, ground: 'FRAUD', decision: D });
    const { history } = await h.call<{ history: Record<string, unknown>[] }>('GetHistory', AUDITOR, { diplomaId: id });
    expect(history.map((e) => [e.eventType, e.status, e.version, e.actorRole, e.mspId])).toEqual([
      ['DiplomaIssued', 'VALID', 1, 'issuer', 'MinistryMSP'],
      ['DiplomaCorrected', 'VALID', 2, 'issuer', 'MinistryMSP'],
      ['CopyRecorded', 'VALID', 2, 'issuer', 'MinistryMSP'],
      ['DiplomaRevoked', 'REVOKED', 2, 'ministry-admin', 'MinistryMSP'],
    ]);
    expect(history[0]).toMatchObject({ txId: 'tx0003', timestamp: '2026-07-01T00:00:02.500Z', actorIssuerCode: 'BKA', decision: null, isDelete: false });
    expect(history[1]).toMatchObject({ decision: D, details: { changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' } });
    expect(history[3]).toMatchObject({ actorIssuerCode: null, details: { ground: 'FRAUD' } });
    await h.reject('GetHistory', AUDITOR, { diplomaId: 'BKA:NOPE' }, 'DIPLOMA_NOT_FOUND');
  });

  it('ListByIssuer pages by graduation year and type', async () => {
    const h = await demoHarness();
    const items = [
      ...Array.from({ length: 5 }, (_, i) => schoolItem(i + 1)),
      ...Array.from({ length: 3 }, (_, i) => schoolItem(i + 10, { graduationYear: 2025, dateOfSigning: '2025-06-25' })),
    ];
    await h.call('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: items });
    type Page = { records: { graduationYear: number; serialNumber: string }[]; bookmark: string; fetchedRecordsCount: number };
    const all: string[] = [];
    let bookmark = '';
    do {
      const p = await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', pageSize: 3, bookmark });
      all.push(...p.records.map((r) => r.serialNumber));
      bookmark = p.bookmark;
    } while (bookmark);
    expect(all).toHaveLength(8);
    expect(new Set(all).size).toBe(8);
    const y2025 = await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', graduationYear: 2025 });
    expect(y2025.records.map((r) => r.graduationYear)).toEqual([2025, 2025, 2025]);
    expect((await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', graduationYear: 2026, diplomaType: 'THPT' })).records).toHaveLength(5);
    expect((await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', diplomaType: 'THPT' })).records).toHaveLength(8);
    expect((await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', diplomaType: 'KY_SU' })).records).toHaveLength(0);
    expect((await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'BKA' })).records).toHaveLength(0);
    await h.reject('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', pageSize: 201 }, 'INVALID_ARGUMENT');
    await h.reject('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', diplomaType: 'X' }, 'INVALID_ARGUMENT');
    await h.reject('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', bookmark: 'elsewhere' }, 'INVALID_ARGUMENT');
  });

  it('ListByIssuer follows the register (sổ gốc) order and pages a graduation-year filter exactly', async () => {
    const h = await demoHarness();
    // Register entries interleave the two graduation years; one 2025 graduate is signed in 2026.
    const items = Array.from({ length: 9 }, (_, i) =>
      schoolItem(i + 1, i % 3 === 0 ? { graduationYear: 2025 } : {}),
    );
    items.push(schoolItem(20, { graduationYear: 2025, dateOfSigning: '2025-06-25', registerEntryNumber: '00001/2025' }));
    await h.call('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: items });
    type Page = { records: { graduationYear: number; registerEntryNumber: string; registerYear: number }[]; bookmark: string; fetchedRecordsCount: number };
    const all = await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001' });
    expect(all.records.map((r) => `${r.registerYear} ${r.registerEntryNumber}`)).toEqual([
      '2025 00001/2025', ...Array.from({ length: 9 }, (_, i) => `2026 ${String(i + 1).padStart(5, '0')}/2026`),
    ]);
    const pages: string[][] = [];
    let bookmark = '';
    do {
      const p = await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', graduationYear: 2025, pageSize: 2, bookmark });
      expect(p.fetchedRecordsCount).toBe(p.records.length);
      expect(p.records.every((r) => r.graduationYear === 2025)).toBe(true);
      pages.push(p.records.map((r) => r.registerEntryNumber));
      bookmark = p.bookmark;
    } while (bookmark);
    // 4 matches in pages of 2: exactly two pages, the last one with an empty bookmark.
    expect(pages).toEqual([['00001/2025', '00001/2026'], ['00004/2026', '00007/2026']]);
    const y2026 = await h.call<Page>('ListByIssuer', PUBLIC, { issuerCode: 'HN-THPT-001', graduationYear: 2026, diplomaType: 'THPT', pageSize: 200 });
    expect(y2026.records).toHaveLength(6);
    expect(y2026.bookmark).toBe('');
  });
});
