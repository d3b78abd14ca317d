import { lookupKeysOf, registerKey, serialKey } from '../src/services/lookup-keys';

describe('lookup keys', () => {
  const record = { _id: 'BKA:B0001', serialNumber: 'B0001', registerEntryNumber: '12/2025', lookup: { fullName: 'Nguyễn Văn An', dateOfBirth: '2003-04-05' } };

  it('files a diploma under its serial number and under its register number with the name and with the date of birth', () => {
    expect(lookupKeysOf(record)).toEqual([
      serialKey('B0001'),
      registerKey('12/2025', 'name', 'Nguyễn Văn An'),
      registerKey('12/2025', 'dob', '2003-04-05'),
    ]);
  });

  it('finds a name however its diacritics were composed', () => {
    const decomposed = 'Nguyễn Văn An'.normalize('NFD');
    expect(decomposed).not.toBe('Nguyễn Văn An');
    expect(registerKey('12/2025', 'name', decomposed)).toBe(registerKey('12/2025', 'name', 'Nguyễn Văn An'));
  });

  it('keeps the parts of a key apart (no value can imitate another key)', () => {
    expect(registerKey('1', 'dob', '2')).not.toBe(registerKey('1","dob","2', 'dob', ''));
  });

  it('files nothing for a record learned from the ledger (no personal data held)', () => {
    expect(lookupKeysOf({ ...record, lookup: null })).toEqual([]);
  });
});
