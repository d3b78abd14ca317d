import { kindOf, parseJsonBytes } from '../src/verify/read-file';
import { lookupQueryComplete, lookupQueryString } from '../src/api/lookup';
import { format } from '../src/i18n/format';
import { en } from '../src/i18n/en';
import { vi } from '../src/i18n/vi';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('reading a file', () => {
  it('recognises a PDF by its magic bytes whatever its name', () => {
    expect(kindOf('diploma.json', '', bytes('%PDF-1.7\n'))).toBe('pdf');
    expect(kindOf('x', '', bytes('  {"schemaVersion"'))).toBe('json');
    expect(kindOf('photo.png', 'image/png', bytes('\x89PNG'))).toBeUndefined();
  });

  it('parses UTF-8 JSON (with a BOM) and refuses what is not JSON', () => {
    expect(parseJsonBytes(bytes('\uFEFF{"a":"Nguyễn"}'))).toEqual({ ok: true, source: 'json', document: { a: 'Nguyễn' } });
    expect(parseJsonBytes(bytes('{nope'))).toEqual({ ok: false, error: 'notJson' });
  });
});

describe('lookup query', () => {
  it('needs an identifier and a personal detail', () => {
    expect(lookupQueryComplete({ serialNumber: 'A1' })).toBe(false);
    expect(lookupQueryComplete({ fullName: 'An', dateOfBirth: '2000-01-01' })).toBe(false);
    expect(lookupQueryComplete({ registerNumber: 'R1', dateOfBirth: '2000-01-01' })).toBe(true);
  });

  it('sends the name in NFC and leaves out empty fields', () => {
    const nfd = 'Nguyễn'.normalize('NFD');
    expect(lookupQueryString({ serialNumber: ' A1 ', fullName: nfd, registerNumber: '' })).toBe(`serialNumber=A1&fullName=${encodeURIComponent('Nguyễn'.normalize('NFC'))}`);
  });
});

describe('dictionaries', () => {
  it('have the same keys, none empty, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(en[key].length).toBeGreaterThan(0);
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect([key, holes(en[key])]).toEqual([key, holes(vi[key])]);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Quyết định số {number} ngày {date}', { number: '12/QĐ', date: '01/02/2026' })).toBe('Quyết định số 12/QĐ ngày 01/02/2026');
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});
