// The ahead-of-time validators (no code generated at run time, for a CSP without 'unsafe-eval')
// are exactly what Ajv makes of the current schema, and they behave like the schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateValidatorsSource } from '../src/validators-codegen';
import { validateDiplomaFields, validateFieldValues } from '../src/schema';

test('validators.generated.ts is up to date with the schema (npm run generate -w document)', () => {
  const file = readFileSync(path.join(__dirname, '..', 'src', 'validators.generated.ts'), 'utf8');
  expect(file).toBe(generateValidatorsSource());
});

test('the generated code never builds functions at run time', () => {
  const file = readFileSync(path.join(__dirname, '..', 'src', 'validators.generated.ts'), 'utf8');
  expect(file).not.toMatch(/new Function|\beval\(/);
  expect(file).not.toMatch(/require\(/);
});

test('the custom calendar-date format is checked by the generated code', () => {
  expect(validateFieldValues({ dateOfBirth: '2004-02-30' }, '/fields')).toEqual([
    expect.objectContaining({ field: '/fields/dateOfBirth' }),
  ]);
  expect(validateFieldValues({ dateOfBirth: '2004-02-29' }, '/fields')).toEqual([]);
  expect(validateDiplomaFields({}).ok).toBe(false);
});
