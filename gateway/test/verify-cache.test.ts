import { VerifyCache } from '../src/ledger/verify-cache';

const valid = { documentHash: 'h1', found: true, status: 'VALID', diplomaId: 'BKA:1' };

describe('VerifyCache', () => {
  it('serves only while live, and an event evicts every hash of the diploma', () => {
    const cache = new VerifyCache();
    cache.put(valid, cache.generation);
    expect(cache.get('h1')).toBeUndefined(); // not live
    cache.setLive(true);
    cache.put(valid, cache.generation);
    cache.put({ ...valid, documentHash: 'h0', status: 'CORRECTED' }, cache.generation);
    expect(cache.get('h1')?.status).toBe('VALID');
    cache.evict(['BKA:1'], []);
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h0')).toBeUndefined();
  });

  it('never stores an answer fetched before an eviction (no stale VALID)', () => {
    const cache = new VerifyCache();
    cache.setLive(true);
    const startedAt = cache.generation; // query starts
    cache.evict(['BKA:1'], ['h1']); // revocation event arrives meanwhile
    cache.put(valid, startedAt); // the old answer comes back
    expect(cache.get('h1')).toBeUndefined();
  });

  it('clears itself when the event stream drops', () => {
    const cache = new VerifyCache();
    cache.setLive(true);
    cache.put(valid, cache.generation);
    cache.setLive(false);
    cache.setLive(true);
    expect(cache.get('h1')).toBeUndefined();
  });

  it('keeps at most 20,000 answers, dropping the least recently used one', () => {
    const cache = new VerifyCache();
    cache.setLive(true);
    for (let i = 0; i < 20_000; i++) cache.put({ ...valid, documentHash: `h${i}`, diplomaId: `BKA:${i}` }, cache.generation);
    expect(cache.get('h0')?.documentHash).toBe('h0'); // used: now the most recent
    cache.put({ ...valid, documentHash: 'new', diplomaId: 'BKA:new' }, cache.generation);
    expect(cache.size).toBe(20_000);
    expect(cache.get('h1')).toBeUndefined(); // the least recently used went
    expect(cache.get('h0')).toBeDefined();
    expect(cache.get('new')).toBeDefined();
  });
});
