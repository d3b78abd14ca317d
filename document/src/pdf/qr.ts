/** The QR code of a URL as a square matrix of dark modules (drawn as vector rectangles, no image). */
import QRCode from 'qrcode';

export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => Boolean(modules.get(row, col))));
}
