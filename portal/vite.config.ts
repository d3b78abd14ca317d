// Builds the portal: Preact JSX through Vite's own Oxc transform, the project's document module
// compiled from its TypeScript source (one implementation of every hash and signature check),
// and the two DejaVu fonts the PDF check needs copied next to the assets (fetched only when a PDF
// is checked, same origin).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const documentSource = fileURLToPath(new URL('../document/src/index.ts', import.meta.url));
const documentSourceDir = fileURLToPath(new URL('../document/src/', import.meta.url));
// Resolve the fonts from document/, the workspace that depends on dejavu-fonts-ttf.
const requireFromDocument = createRequire(new URL('../document/package.json', import.meta.url));
const FONT_FILES = ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf'];
const FONT_URL_PREFIX = '/assets/fonts/';

function diplomaFonts(): Plugin {
  const read = (name: string) => readFileSync(requireFromDocument.resolve(`dejavu-fonts-ttf/ttf/${name}`));
  return {
    name: 'vanbang-diploma-fonts',
    // Dev server: answer the same URLs the build writes.
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.startsWith(FONT_URL_PREFIX) ? req.url.slice(FONT_URL_PREFIX.length) : undefined;
        if (name === undefined || !FONT_FILES.includes(name)) return next();
        res.setHeader('content-type', 'font/ttf');
        res.end(read(name));
      });
    },
    generateBundle() {
      for (const name of FONT_FILES) this.emitFile({ type: 'asset', fileName: `assets/fonts/${name}`, source: read(name) });
    },
  };
}

export default defineConfig({
  resolve: { alias: { '@vanbang/document': documentSource } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [diplomaFonts()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill would be inlined into index.html, which the strict CSP (script-src 'self') refuses.
    modulePreload: { polyfill: false },
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // The document module's entry re-exports its PDF code (pdf-lib, fontkit, qrcode) beside
      // the hashing. Its own modules have no side effects at import, so the bundler may drop what
      // the first page does not use; the PDF path then lands only in the lazily loaded chunk.
      treeshake: { moduleSideEffects: (id: string) => !id.startsWith(documentSourceDir) },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  preview: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
