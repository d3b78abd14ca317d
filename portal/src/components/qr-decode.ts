/** QR pixels → the document hash they link to (jsQR, then the document module's link parser). */
import { parseVerificationLink } from '@vanbang/document';
import jsQR from 'jsqr';

export type QrReading = { readonly kind: 'hash'; readonly hash: string } | { readonly kind: 'other'; readonly text: string } | { readonly kind: 'none' };

export function readQr(pixels: Uint8ClampedArray, width: number, height: number): QrReading {
  const code = jsQR(pixels, width, height, { inversionAttempts: 'attemptBoth' });
  if (code === null || code.data === '') return { kind: 'none' };
  const hash = parseVerificationLink(code.data);
  return hash === undefined ? { kind: 'other', text: code.data } : { kind: 'hash', hash };
}

/** Largest side an image is scaled to before decoding (phone photos are huge; QR codes are not). */
const MAX_SIDE = 1600;

export async function readQrFromImage(file: Blob): Promise<QrReading> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) return { kind: 'none' };
    // A white background: a transparent screenshot would otherwise decode as black on black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    return readQr(context.getImageData(0, 0, width, height).data, width, height);
  } finally {
    bitmap.close();
  }
}
