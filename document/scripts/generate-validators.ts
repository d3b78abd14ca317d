// npm run generate -w document: writes src/validators.generated.ts (see src/validators-codegen.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateValidatorsSource } from '../src/validators-codegen';

const target = path.join(__dirname, '..', 'src', 'validators.generated.ts');
writeFileSync(target, generateValidatorsSource());
console.log(`wrote ${target}`);
