import fc from 'fast-check';
import { jsonArrayElements, JsonArrayStreamError } from '../src/batch/json-array-stream';

async function collect(text: string, chunkSize: number) {
  async function* chunks() {
    for (let i = 0; i < text.length; i += chunkSize) yield Buffer.from(text.slice(i, i + chunkSize));
  }
  const out = [];
  for await (const e of jsonArrayElements(chunks())) out.push(e);
  return out;
}

describe('jsonArrayElements', () => {
  it('yields every element of any JSON array, whatever the chunking', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 20 }), fc.integer({ min: 1, max: 17 }), async (arr, size) => {
      const elements = await collect(JSON.stringify(arr, null, size % 3 === 0 ? 2 : undefined), size);
      expect(elements.map((e) => e.value)).toEqual(JSON.parse(JSON.stringify(arr)));
    }), { numRuns: 200 });
  });

  it('splits multi-byte UTF-8 across chunks correctly', async () => {
    const arr = [{ fullName: 'Nguyễn Thị Hoà' }, 'Đại học'];
    expect((await collect(JSON.stringify(arr), 1)).map((e) => e.value)).toEqual(arr);
  });

  it('rejects what is not an array, and unclosed arrays', async () => {
    await expect(collect('{"a":1}', 4)).rejects.toBeInstanceOf(JsonArrayStreamError);
    await expect(collect('[1,2', 4)).rejects.toBeInstanceOf(JsonArrayStreamError);
    await expect(collect('[1,,2]', 4)).rejects.toBeInstanceOf(JsonArrayStreamError);
    await expect(collect('[1] x', 4)).rejects.toBeInstanceOf(JsonArrayStreamError);
  });

  it('reports an invalid element without stopping', async () => {
    const out = await collect('[{"a":1}, {"b": tru}, 3]', 5);
    expect(out.map((e) => e.error === undefined)).toEqual([true, false, true]);
  });
});
