import { ANCHOR_EVENT_TYPES, AnchorLeafError, anchorLeavesOfEvent } from '../../src/merkle';

const h = (c: string) => c.repeat(64);
const tx = 'ab'.repeat(32);

describe('anchorLeavesOfEvent', () => {
  it('gives one ISSUED leaf per hash of a batch, all with the batch transaction', () => {
    const leaves = anchorLeavesOfEvent({ eventName: 'DiplomasIssued', hashes: [h('1'), h('2'), h('3')], fabricBlock: 7, fabricTxId: tx });
    expect(leaves).toEqual([1, 2, 3].map((n) => ({ documentHash: `0x${h(String(n))}`, eventType: ANCHOR_EVENT_TYPES.ISSUED, fabricBlock: 7, fabricTxId: `0x${tx}` })));
  });

  it('gives a reissue the new hash as REISSUED and the replaced one as SUPERSEDED', () => {
    const leaves = anchorLeavesOfEvent({ eventName: 'DiplomaReissued', hashes: [h('a'), h('b')], fabricBlock: 9, fabricTxId: tx });
    expect(leaves.map((l) => [l.documentHash, l.eventType])).toEqual([[`0x${h('a')}`, 3], [`0x${h('b')}`, 5]]);
  });

  it('gives a correction only the new hash: the older version stays valid', () => {
    const leaves = anchorLeavesOfEvent({ eventName: 'DiplomaCorrected', hashes: [h('c'), h('d')], fabricBlock: 9, fabricTxId: tx });
    expect(leaves.map((l) => [l.documentHash, l.eventType])).toEqual([[`0x${h('c')}`, 2]]);
  });

  it('gives a revocation a REVOKED leaf', () => {
    expect(anchorLeavesOfEvent({ eventName: 'DiplomaRevoked', hashes: [h('e')], fabricBlock: 3, fabricTxId: tx })[0]?.eventType).toBe(4);
  });

  it('gives events that change no validity no leaf', () => {
    for (const eventName of ['CopyRecorded', 'IssuerRegistered', 'AnchorPeriodRecorded', 'SigningCertificateRevoked']) {
      expect(anchorLeavesOfEvent({ eventName, hashes: [h('f')], fabricBlock: 3, fabricTxId: tx })).toEqual([]);
    }
  });

  it('refuses a malformed hash with the event and position in the message', () => {
    expect(() => anchorLeavesOfEvent({ eventName: 'DiplomaIssued', hashes: ['xyz'], fabricBlock: 3, fabricTxId: tx }))
      .toThrow(new AnchorLeafError(`DiplomaIssued in ${tx}, hash 0.documentHash: must be 64 lowercase hex characters, optionally after 0x (a document hash), got "xyz"`));
  });
});
