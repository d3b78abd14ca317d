// Splits a streamed JSON array into its elements without holding the whole text: it tracks
// nesting, strings and escapes byte by byte and JSON.parse()s each top-level element alone.
// Memory is bounded by the largest single element (limited by maxElementBytes).
export class JsonArrayStreamError extends Error {}

export interface ArrayElement {
  index: number;
  /** Parsed value, or undefined when the element is not valid JSON (see `error`). */
  value?: unknown;
  error?: string;
}

export async function* jsonArrayElements(chunks: AsyncIterable<Buffer | string>, maxElementBytes = 64 * 1024): AsyncGenerator<ArrayElement> {
  let state: 'before' | 'between' | 'element' | 'after' = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current: string[] = [];
  let currentLength = 0;
  let index = 0;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const finish = (): ArrayElement => {
    const text = current.join('');
    current = [];
    currentLength = 0;
    try {
      return { index: index++, value: JSON.parse(text) };
    } catch {
      return { index: index++, error: 'the element is not valid JSON' };
    }
  };
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          if (depth === 0) {
            // end of the array right after a scalar element
            current.push(text.slice(start, i));
            yield finish();
            state = 'after';
            continue;
          }
          depth--;
        } else if (c === ',' && depth === 0) {
          current.push(text.slice(start, i));
          yield finish();
          state = 'between';
        }
        continue;
      }
      if (/\s/.test(c)) continue;
      if (state === 'before') {
        if (c !== '[') throw new JsonArrayStreamError('the body must be a JSON array');
        state = 'between';
      } else if (state === 'between') {
        if (c === ']') {
          if (index > 0) throw new JsonArrayStreamError('trailing comma in the JSON array');
          state = 'after';
        } else if (c === ',') {
          throw new JsonArrayStreamError('empty element in the JSON array');
        } else {
          state = 'element';
          start = i;
          if (c === '"') inString = true;
          else if (c === '{' || c === '[') depth = 1;
          else depth = 0;
          // A container element ends when depth returns to 0 — handled by checking closers below.
          if (c === '{' || c === '[') {
            depth = 0;
            i--; // re-read the opener in element mode so depth counts it
          }
        }
      } else if (state === 'after') {
        throw new JsonArrayStreamError('unexpected content after the JSON array');
      }
    }
    if (state === 'element') {
      current.push(text.slice(start));
      currentLength += text.length - start;
      if (currentLength > maxElementBytes) throw new JsonArrayStreamError(`element ${index} is larger than ${maxElementBytes} bytes`);
      start = 0;
    }
  }
  if ((state as string) !== 'after') throw new JsonArrayStreamError('the JSON array is not closed');
}
