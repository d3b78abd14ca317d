import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCccd, validateCccd } from '../src/cccd';
import { CCCD_PROVINCE_CODES } from '../src/cccd-province-codes';
import { createDocument, parseDocument, verifyIntegrity } from '../src/document';
import { FIELD_LABELS_VI, FIELD_NAMES } from '../src/field-definitions';
import { DOCUMENT_JSON_SCHEMA, validateDiplomaFields } from '../src/schema';
import { BACHELOR, UPPER_SECONDARY } from './fixtures';

const errorsOf = (input: unknown) => {
  const result = validateDiplomaFields(input);
  return result.ok ? [] : result.errors;
};

describe('the field list', () => {
  it('FIELD_NAMES lists exactly the fields that have a Vietnamese label', () => {
    expect([...FIELD_NAMES].sort()).toEqual(Object.keys(FIELD_LABELS_VI).sort());
    expect(new Set(FIELD_NAMES).size).toBe(FIELD_NAMES.length);
  });
  it('the published docs/document-schema.v1.json is the schema the code validates with', () => {
    const published: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'document-schema.v1.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(DOCUMENT_JSON_SCHEMA)));
  });
  it('every field carries its Vietnamese label as title', () => {
    const props = (DOCUMENT_JSON_SCHEMA['definitions'] as { DiplomaFields: { properties: Record<string, { title: string }> } }).DiplomaFields.properties;
    expect(props['ethnicity']?.title).toBe('Dân tộc');
    expect(props['registerEntryNumber']?.title).toBe('Số vào sổ gốc cấp văn bằng');
  });
});

describe('validateDiplomaFields', () => {
  it('accepts a bachelor and an upper-secondary diploma', () => {
    expect(validateDiplomaFields(BACHELOR)).toEqual({ ok: true, value: BACHELOR });
    expect(validateDiplomaFields(UPPER_SECONDARY).ok).toBe(true);
  });
  it('requires school and exam session for THPT, discipline otherwise', () => {
    const { school: _s, ...noSchool } = UPPER_SECONDARY;
    expect(errorsOf(noSchool)).toEqual([{ field: '/school', message: 'school (Trường) is required' }]);
    const { discipline: _d, ...noDiscipline } = BACHELOR;
    expect(errorsOf(noDiscipline)).toEqual([{ field: '/discipline', message: 'discipline (Ngành đào tạo) is required' }]);
  });
  it('reports unknown fields, bad enums, bad patterns and impossible dates, each with its pointer', () => {
    const errors = errorsOf({ ...BACHELOR, nickname: 'x', diplomaType: 'CAO_DANG', serialNumber: 'abc', dateOfBirth: '2002-02-30' });
    const fields = errors.map((e) => e.field).sort();
    expect(fields).toEqual(['/dateOfBirth', '/diplomaType', '/nickname', '/serialNumber']);
    expect(errors.find((e) => e.field === '/dateOfBirth')?.message).toMatch(/real date written YYYY-MM-DD/);
    expect(errors.find((e) => e.field === '/diplomaType')?.message).toMatch(/must be one of "THPT", "CU_NHAN"/);
  });
  it('rejects non-objects and blank strings', () => {
    expect(errorsOf('hello')[0]?.message).toMatch(/must be object/);
    expect(errorsOf({ ...BACHELOR, fullName: '   ' }).map((e) => e.field)).toEqual(['/fullName']);
  });
  it('checks the personal ID number against sex and year of birth', () => {
    expect(errorsOf({ ...BACHELOR, sex: 'MALE' })).toEqual([{
      field: '/personalIdNumber', message: 'personal ID number encodes sex FEMALE but the diploma says MALE',
    }]);
    expect(errorsOf({ ...BACHELOR, dateOfBirth: '2003-03-15' })[0]?.message).toMatch(/birth year 2002 but the date of birth is in 2003/);
    expect(errorsOf({ ...BACHELOR, personalIdNumber: '003302012345' })[0]?.message).toMatch(/003, which is not a province code/);
    expect(errorsOf({ ...BACHELOR, personalIdNumber: '00130201234' })[0]?.field).toBe('/personalIdNumber');
  });
});

describe('CCCD', () => {
  it('has the 63 pre-2025 province codes', () => {
    expect(Object.keys(CCCD_PROVINCE_CODES)).toHaveLength(63);
    expect(CCCD_PROVINCE_CODES['079']).toBe('Hồ Chí Minh');
  });
  it('decodes century and sex from digit 4', () => {
    expect(parseCccd('001099000001')).toMatchObject({ ok: true, value: { sex: 'MALE', birthYear: 1999, provinceName: 'Hà Nội' } });
    expect(parseCccd('001105000001')).toMatchObject({ ok: true, value: { sex: 'FEMALE', birthYear: 1905 } });
    expect(parseCccd('001501000001')).toMatchObject({ ok: true, value: { sex: 'FEMALE', birthYear: 2101 } });
    expect(parseCccd('001602000001').ok).toBe(false);
    expect(validateCccd('001302012345', { sex: 'FEMALE', dateOfBirth: '2002-01-01' })).toEqual([]);
  });
});

describe('parseDocument', () => {
  const doc = createDocument(BACHELOR);
  const messages = (input: unknown) => {
    const result = parseDocument(input);
    return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`);
  };
  it('accepts a created document', () => {
    expect(parseDocument(JSON.parse(JSON.stringify(doc)))).toEqual({ ok: true, value: doc });
  });
  it('rejects an unknown schema version with one clear message', () => {
    expect(messages({ ...doc, schemaVersion: 'vanbang-diploma-v9' })).toEqual([
      '/schemaVersion: unknown schemaVersion "vanbang-diploma-v9"; this software understands "vanbang-diploma-v1"',
    ]);
    expect(messages({ fields: {} })[0]).toMatch(/schemaVersion is missing/);
    expect(messages([1, 2])).toEqual([': a diploma document must be a JSON object']);
  });
  it('rejects a missing or short salt', () => {
    const { salt: _salt, ...noSalt } = doc.fields.ethnicity ?? { salt: '' };
    expect(messages({ ...doc, fields: { ...doc.fields, ethnicity: noSalt } })).toEqual(['/fields/ethnicity/salt: salt is required']);
    expect(messages({ ...doc, fields: { ...doc.fields, ethnicity: { value: 'Kinh', salt: 'abcd' } } })[0])
      .toMatch(/^\/fields\/ethnicity\/salt: .*must match pattern/);
  });
  it('rejects an invalid ID number, an unknown field, a missing field and a reused salt', () => {
    expect(messages({ ...doc, fields: { ...doc.fields, personalIdNumber: { salt: '0'.repeat(32), value: '999999999999' } } }))
      .toEqual(expect.arrayContaining([expect.stringMatching(/^\/fields\/personalIdNumber\/value: personal ID number starts with 999/)]));
    expect(messages({ ...doc, fields: { ...doc.fields, shoeSize: { salt: '0'.repeat(32), value: 42 } } })[0])
      .toMatch(/"shoeSize" is not a field of the v1 diploma schema/);
    const { fullName: _f, ...withoutName } = doc.fields;
    expect(messages({ ...doc, fields: withoutName })).toEqual(['/fields/fullName: fullName is required (disclosed in fields or hidden in hiddenFields)']);
    const reused = { ...doc, fields: { ...doc.fields, nationality: { value: 'Việt Nam', salt: doc.fields.ethnicity?.salt } } };
    expect(messages(reused)[0]).toMatch(/reuses the salt of ethnicity/);
  });
  it('verifyIntegrity reports a tampered value with both hashes, never throws on junk', () => {
    const tampered = { ...doc, fields: { ...doc.fields, classification: { salt: doc.fields.classification?.salt, value: 'XUAT_SAC' } } };
    const result = verifyIntegrity(tampered);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain(`the document says ${doc.documentHash}`);
    for (const junk of [null, 42, 'x', [], { schemaVersion: 'vanbang-diploma-v1' }, { ...doc, fields: null }]) {
      expect(verifyIntegrity(junk)).toMatchObject({ ok: false, documentHash: '' });
    }
  });
});

describe('docs/examples/diploma.json (the example the gateway docs post)', () => {
  it('is a valid set of diploma fields', () => {
    const example: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'examples', 'diploma.json'), 'utf8'));
    const result = validateDiplomaFields(example);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
