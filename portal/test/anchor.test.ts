import {
  ANCHOR_PROOF_FORMAT, anchorCheckCommand, anchoredRevocation, anchorProofFile, anchorProofFileName, anchorProofJson, blockRange, chainKind, plainHash, readAnchor,
} from '../src/verify/anchor';
import { anchored, anchoredEvent, awaiting, CONTRACT } from './anchor-fixtures';

const HASH = '8eb1f6a3c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e';

describe('readAnchor', () => {
  it('reads null or absent as "anchoring not configured": nothing is shown', () => {
    expect(readAnchor(null, HASH)).toEqual({ kind: 'none' });
    expect(readAnchor(undefined, HASH)).toEqual({ kind: 'none' });
  });

  it('reads an anchored answer, events oldest first, unchanged', () => {
    const answer = anchored(HASH, ['ISSUED', 'REVOKED']);
    const reading = readAnchor(JSON.parse(JSON.stringify(answer)), HASH);
    expect(reading).toEqual({ kind: 'ok', anchor: answer });
  });

  it('reads an awaiting answer with no event yet, and one with earlier events', () => {
    expect(readAnchor(awaiting(HASH), HASH)).toEqual({ kind: 'ok', anchor: { status: 'AWAITING_ANCHORING', events: [] } });
    expect(readAnchor(awaiting(HASH, ['ISSUED']), HASH)).toMatchObject({ kind: 'ok', anchor: { status: 'AWAITING_ANCHORING', events: [{ event: 'ISSUED' }] } });
  });

  it('keeps exactly the members of the answer\'s shape (what the proof file carries)', () => {
    const event = { ...anchoredEvent(HASH, 'ISSUED', 0), extra: 'x', leaf: { ...anchoredEvent(HASH, 'ISSUED', 0).leaf, more: 1 } };
    const reading = readAnchor({ status: 'ANCHORED', events: [event] }, HASH);
    expect(reading.kind).toBe('ok');
    if (reading.kind !== 'ok') return;
    expect(Object.keys(reading.anchor.events[0]!)).toEqual(['event', 'leaf', 'proof', 'root', 'periodId', 'fabricBlocks', 'chain', 'anchoredAt']);
    expect(Object.keys(reading.anchor.events[0]!.leaf)).toEqual(['documentHash', 'eventType', 'fabricBlock', 'fabricTxId']);
  });

  it.each([
    ['a string', 'ANCHORED'],
    ['an unknown status', { status: 'PENDING', events: [] }],
    ['ANCHORED with no event', { status: 'ANCHORED', events: [] }],
    ['events that are not a list', { status: 'ANCHORED', events: {} }],
    ['an unknown event', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), event: 'COPIED' }] }],
    ['an event type that is not the event\'s', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), leaf: { ...anchoredEvent(HASH, 'ISSUED', 0).leaf, eventType: 4 } }] }],
    ['a leaf of another hash', { status: 'ANCHORED', events: [anchoredEvent('0'.repeat(63) + '1', 'ISSUED', 0)] }],
    ['a short root', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), root: '0x1234' }] }],
    ['a proof entry without 0x', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), proof: ['ab'.repeat(32)] }] }],
    ['a contract that is not an address', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), chain: { ...anchoredEvent(HASH, 'ISSUED', 0).chain, contract: '0x12' } }] }],
    ['a period id of 0', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), periodId: 0 }] }],
    ['a fractional block', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), chain: { ...anchoredEvent(HASH, 'ISSUED', 0).chain, blockNumber: 1.5 } }] }],
    ['a Fabric block range that ends before it starts', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), fabricBlocks: { first: 9, last: 8 } }] }],
    ['a time that is not one', { status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), anchoredAt: 'yesterday' }] }],
  ])('reports %s as unreadable, never throws', (_what, value) => {
    const reading = readAnchor(value, HASH);
    expect(reading.kind).toBe('unreadable');
  });

  it('names what it could not read', () => {
    expect(readAnchor({ status: 'ANCHORED', events: [{ ...anchoredEvent(HASH, 'ISSUED', 0), root: 7 }] }, HASH))
      .toEqual({ kind: 'unreadable', reason: 'anchor.events[0].root is not 0x and 64 hex digits' });
  });

  it('accepts the document hash with or without 0x, in either case', () => {
    expect(readAnchor(anchored(HASH), `0x${HASH.toUpperCase()}`).kind).toBe('ok');
  });
});

describe('the anchor proof file', () => {
  const answer = anchored(HASH, ['ISSUED', 'REVOKED']);

  it('is { format, documentHash without 0x, the answer\'s events }', () => {
    expect(anchorProofFile(`0x${HASH}`, answer.events)).toEqual({ format: 'vanbang-anchor-proof-v1', documentHash: HASH, events: answer.events });
    expect(ANCHOR_PROOF_FORMAT).toBe('vanbang-anchor-proof-v1');
  });

  it('is written as indented JSON that reads back to the same file', () => {
    const text = anchorProofJson(HASH, answer.events);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "format": "vanbang-anchor-proof-v1",\n  "documentHash": "8eb1');
    expect(JSON.parse(text)).toEqual(anchorProofFile(HASH, answer.events));
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['format', 'documentHash', 'events']);
  });

  it('is named after the first 12 hex digits of the hash', () => {
    expect(anchorProofFileName(HASH)).toBe('anchor-proof-8eb1f6a3c2d4.json');
    expect(anchorProofFileName(`0x${HASH.toUpperCase()}`)).toBe('anchor-proof-8eb1f6a3c2d4.json');
  });

  it('goes with the standalone checker\'s command, one option a line', () => {
    const command = anchorCheckCommand('anchor-proof-8eb1f6a3c2d4.json', CONTRACT);
    expect(command.split('\n')).toEqual([
      'scripts/vanbang verify diploma.json \\', '  --anchor-proof anchor-proof-8eb1f6a3c2d4.json \\', '  --evm-rpc URL \\', `  --contract ${CONTRACT}`,
    ]);
    // What a shell runs once the continuations are joined.
    expect(command.replace(/ \\\n {2}/g, ' ')).toBe(`scripts/vanbang verify diploma.json --anchor-proof anchor-proof-8eb1f6a3c2d4.json --evm-rpc URL --contract ${CONTRACT}`);
  });
});

describe('anchor facts', () => {
  it('finds an anchored revocation among the events', () => {
    expect(anchoredRevocation(anchored(HASH, ['ISSUED', 'REVOKED']))?.event).toBe('REVOKED');
    expect(anchoredRevocation(anchored(HASH, ['ISSUED', 'CORRECTED']))).toBeUndefined();
  });

  it('prints a Fabric block range, or a single block', () => {
    expect(blockRange({ first: 120, last: 135 })).toBe('120–135');
    expect(blockRange({ first: 7, last: 7 })).toBe('7');
  });

  it('never passes a development chain off as a public one', () => {
    expect(chainKind(1)).toEqual({ kind: 'public', name: 'Ethereum' });
    expect(chainKind(11155111)).toEqual({ kind: 'test', name: 'Sepolia' });
    expect(chainKind(1337)).toEqual({ kind: 'local' });
    expect(chainKind(31337)).toEqual({ kind: 'local' });
    expect(chainKind(424242)).toEqual({ kind: 'unknown' });
  });

  it('writes a hash as the diploma does: lowercase, no 0x', () => {
    expect(plainHash('0xABCDEF')).toBe('abcdef');
  });
});
