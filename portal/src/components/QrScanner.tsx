/**
 * Scan the diploma's QR code: with the camera (getUserMedia; frames drawn on a canvas and decoded
 * with jsQR; the camera stops after a hit), from an image file, or from a pasted link or hash.
 */
import { parseVerificationLink } from '@vanbang/document';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { navigate } from '../router';
import type { QrReading } from './qr-decode';

// jsQR is loaded when the camera starts or an image is chosen, not with the first page.
const decoder = () => import('./qr-decode');

const FRAME_INTERVAL_MS = 150;

export function QrScanner() {
  const [scanning, setScanning] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [link, setLink] = useState('');
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | undefined>(undefined);
  const timer = useRef<number | undefined>(undefined);

  const stop = () => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = undefined;
    setScanning(false);
  };
  useEffect(() => stop, []);

  const handle = (reading: QrReading): boolean => {
    if (reading.kind === 'hash') {
      stop();
      navigate(`/v/${reading.hash}`);
      return true;
    }
    if (reading.kind === 'other') setError(t('qr.notOurs', { text: reading.text.slice(0, 120) }));
    return false;
  };

  const scanFrame = (canvas: HTMLCanvasElement, readQr: (typeof import('./qr-decode'))['readQr']) => {
    const v = video.current;
    if (v === null || stream.current === undefined) return;
    if (v.readyState >= v.HAVE_CURRENT_DATA && v.videoWidth > 0) {
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (context) {
        context.drawImage(v, 0, 0);
        if (handle(readQr(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height))) return;
      }
    }
    timer.current = window.setTimeout(() => scanFrame(canvas, readQr), FRAME_INTERVAL_MS);
  };

  const start = async () => {
    setError(undefined);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError(t('qr.cameraError', { reason: 'getUserMedia' }));
      return;
    }
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (e) {
      setError(t('qr.cameraError', { reason: (e as Error).message || (e as Error).name }));
      return;
    }
    const { readQr } = await decoder();
    setScanning(true);
    const v = video.current;
    if (v) {
      v.srcObject = stream.current;
      await v.play().catch(() => undefined);
    }
    scanFrame(document.createElement('canvas'), readQr);
  };

  const fromImage = async (file: File) => {
    setError(undefined);
    try {
      const { readQrFromImage } = await decoder();
      const reading = await readQrFromImage(file);
      if (reading.kind === 'none') setError(t('qr.noCode'));
      else handle(reading);
    } catch {
      setError(t('qr.imageError'));
    }
  };

  const submitLink = (event: Event) => {
    event.preventDefault();
    const hash = parseVerificationLink(link);
    if (hash === undefined) setError(t('qr.linkInvalid'));
    else navigate(`/v/${hash}`);
  };

  return (
    <div class="qr-scanner">
      <p>{t('qr.intro')}</p>
      <div class="button-row">
        {scanning
          ? <button type="button" class="button" onClick={stop}>{t('qr.stop')}</button>
          : <button type="button" class="button button--primary" data-testid="qr-camera" onClick={() => void start()}>{t('qr.camera')}</button>}
        <label class="button file-button">
          <span>{t('qr.image')}</span>
          <input type="file" accept="image/*" class="visually-hidden-input" data-testid="qr-image-input"
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              if (file) void fromImage(file);
              input.value = '';
            }} />
        </label>
      </div>
      <video ref={video} class={scanning ? 'qr-video' : 'qr-video qr-video--off'} muted playsInline aria-label={t('qr.videoLabel')} data-testid="qr-video" />
      {scanning && <p class="notice" aria-live="polite">{t('qr.scanning')}</p>}
      <form class="link-form" onSubmit={submitLink}>
        <label for="verify-link">{t('qr.link')}</label>
        <div class="link-form__row">
          <input id="verify-link" name="link" type="text" inputMode="url" autoComplete="off" spellcheck={false}
            value={link} onInput={(e) => setLink(e.currentTarget.value)} />
          <button type="submit" class="button">{t('qr.linkSubmit')}</button>
        </div>
      </form>
      {error !== undefined && <p role="alert" class="notice notice--error" data-testid="qr-error">{error}</p>}
    </div>
  );
}
