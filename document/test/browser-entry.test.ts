/**
 * The main entry '@vanbang/document' must run in a browser: bundled for the browser (esbuild, the
 * "browser" fields of the packages honoured, as Vite does), it reaches no Node built-in module, and
 * the bundle works in a bare JavaScript context that has only what a browser page has (Web Crypto,
 * TextEncoder, atob, URL) — no process, Buffer or require.
 */
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { webcrypto } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createDocument } from '../src/document';
import { hideFields } from '../src/disclosure';
import { renderDiplomaPdf } from '../src/pdf/render';
import { signDocument } from '../src/signature';
import { BACHELOR } from './fixtures';
import { createTestCa, issueTestIdentity } from './test-pki';

jest.setTimeout(60000);
const SRC = join(__dirname, '..', 'src');
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Records every import of a Node built-in instead of letting the bundle fail on the first. */
function nodeImportRecorder(found: string[]): Plugin {
  return {
    name: 'record-node-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
        found.push(`${args.path} (imported by ${args.importer})`);
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundle(contents: string, format: 'esm' | 'iife' = 'esm', minify = false) {
  const nodeImports: string[] = [];
  const result = await build({
    stdin: { contents, resolveDir: SRC, loader: 'ts' },
    bundle: true, platform: 'browser', format, minify, write: false, logLevel: 'silent',
    ...(format === 'iife' ? { globalName: 'vanbangDocument' } : {}),
    plugins: [nodeImportRecorder(nodeImports)],
  });
  return { nodeImports, code: result.outputFiles[0]!.contents, errors: result.errors };
}

/**
 * Web Crypto for the page's realm. Node's implementation refuses buffers made in another realm
 * (its instanceof checks), which a browser's own crypto never sees: byte arguments are copied into
 * this realm and results handed back as they are.
 */
function pageCrypto(): unknown {
  const copy = (arg: unknown): unknown =>
    Object.prototype.toString.call(arg) === '[object ArrayBuffer]' ? new Uint8Array(new Uint8Array(arg as ArrayBuffer))
      : ArrayBuffer.isView(arg) ? new Uint8Array(new Uint8Array(arg.buffer, arg.byteOffset, arg.byteLength)) : arg;
  const subtle = new Proxy(webcrypto.subtle, {
    get: (target, name) => {
      const member = Reflect.get(target, name) as unknown;
      return typeof member === 'function' ? (...args: unknown[]) => (member as (...a: unknown[]) => unknown).apply(target, args.map(copy)) : member;
    },
  });
  return { subtle, getRandomValues: <T extends ArrayBufferView>(array: T): T => {
    const bytes = webcrypto.getRandomValues(new Uint8Array(array.byteLength));
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
    return array;
  } };
}

describe('the browser-safe main entry', () => {
  it('imports no Node built-in module, directly or through its dependencies', async () => {
    const { nodeImports, errors } = await bundle(`export * from './index';`);
    expect(errors).toEqual([]);
    expect(nodeImports).toEqual([]);
  });

  it('the check itself catches a Node import: the node entry has some', async () => {
    const { nodeImports } = await bundle(`export * from './node';`);
    expect(nodeImports.some((m) => m.startsWith('node:crypto'))).toBe(true);
    expect(nodeImports.some((m) => m.startsWith('node:fs'))).toBe(true);
  });

  it('verifies a signed document, extracts a PDF with given fonts and parses a QR link in a context with browser globals only', async () => {
    const ca = await createTestCa('HustOrg');
    const signed = signDocument(hideFields(createDocument(BACHELOR), ['ethnicity']), { ...(await issueTestIdentity(ca, 'registrar')), mspId: 'HustMSP' }, { now: new Date('2024-07-05T08:00:00Z') });
    const pdf = await renderDiplomaPdf(signed, { verifyUrlBase: 'https://vanbang.vn/v' });
    const fonts = {
      regular: new Uint8Array(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf'))),
      bold: new Uint8Array(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'))),
    };
    const { code } = await bundle(`export * from './index';`, 'iife');
    const page = createContext({ crypto: pageCrypto(), TextEncoder, TextDecoder, atob, btoa, URL, console, setTimeout, clearTimeout, queueMicrotask });
    page.globalThis = page;
    // The same for TextEncoder: the page's bytes must be the page's own Uint8Arrays.
    runInContext(`const NodeTextEncoder = TextEncoder;
      globalThis.TextEncoder = class { get encoding() { return 'utf-8'; } encode(text) { return new Uint8Array(new NodeTextEncoder().encode(text)); } };`, page);
    runInContext(new TextDecoder().decode(code), page);
    expect(runInContext('typeof process + typeof Buffer + typeof require', page)).toBe('undefinedundefinedundefined');
    // Plain arrays across the realm boundary: the page makes its own Uint8Arrays (instanceof is per realm).
    page.input = { document: JSON.parse(JSON.stringify(signed)), ca: ca.certificatePem, pdf: [...pdf], fonts: { regular: [...fonts.regular], bold: [...fonts.bold] } };
    const out = await (runInContext(`(async () => {
      const lib = vanbangDocument;
      input.pdf = new Uint8Array(input.pdf);
      input.fonts = { regular: new Uint8Array(input.fonts.regular), bold: new Uint8Array(input.fonts.bold) };
      const signature = await lib.verifySignature(input.document, [input.ca]);
      const fields = input.document.fields;
      const tampered = await lib.verifySignature({ ...input.document, fields: { ...fields, fullName: { ...fields.fullName, value: 'Nguyễn Văn B' } } }, [input.ca]);
            const extracted = await lib.extractDocumentFromPdf(input.pdf, { fonts: input.fonts });
      const integrity = lib.verifyIntegrity(extracted.document);
      return { signature, tampered: tampered.ok, visible: extracted.visibleContentMatches, pdfProblems: extracted.problems, integrity: integrity.ok,
        link: lib.parseVerificationLink('https://vanbang.vn/v/' + input.document.documentHash) };
    })()`, page) as Promise<Record<string, unknown>>);
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      signature: expect.objectContaining({ ok: true, chainsToTrustedCa: true, signerOrganization: 'HustOrg', problems: [] }),
      tampered: false, visible: true, pdfProblems: [], integrity: true, link: signed.documentHash,
    });
  });

  it('the signature verifier adds at most 64 KB (minified + gzip) to a bundle that already parses and hashes documents', async () => {
    const base = `export { parseDocument } from './document'; export { computeDocumentHash } from './document-hash';`;
    const size = async (contents: string) => gzipSync((await bundle(contents, 'esm', true)).code, { level: 9 }).length;
    const added = await size(`${base} export { verifySignature } from './verify-signature';`) - await size(base);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(64 * 1024);
  });
});
