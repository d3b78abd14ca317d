/** Writes docs/document-schema.v1.json from the schema in src/schema.ts: `npx tsx document/tools/write-json-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_JSON_SCHEMA } from '../src/schema';

const target = join(__dirname, '..', '..', 'docs', 'document-schema.v1.json');
writeFileSync(target, `${JSON.stringify(DOCUMENT_JSON_SCHEMA, null, 2)}\n`);
console.log(`wrote ${target}`);
