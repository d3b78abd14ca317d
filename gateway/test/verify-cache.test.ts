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
});
