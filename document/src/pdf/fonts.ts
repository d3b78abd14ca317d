/** Node-only: the DejaVu Serif TrueType fonts (full Vietnamese diacritics) shipped by the dejavu-fonts-ttf npm package. */
import { readFileSync } from 'node:fs';

export interface DiplomaFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

let cached: DiplomaFonts | undefined;

export function loadDiplomaFonts(): DiplomaFonts {
  cached ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf')),
  };
  return cached;
}
