/** The file drop zone: drag and drop, or a real file input behind a visible label (keyboard usable). */
import { useState } from 'preact/hooks';
import { t } from '../i18n';

export function DropZone({ onFile, busy }: { onFile: (file: File) => void; busy: boolean }) {
  const [over, setOver] = useState(false);
  return (
    <div class={over ? 'drop-zone drop-zone--over' : 'drop-zone'} data-testid="file-drop"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer?.files[0];
        if (file) onFile(file);
      }}>
      <p class="drop-zone__text">{t('file.drop')}</p>
      <label class="button button--primary file-button">
        <span>{t('file.choose')}</span>
        <input type="file" class="visually-hidden-input" data-testid="file-input" disabled={busy}
          accept=".json,.pdf,application/json,application/pdf"
          onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            if (file) onFile(file);
            input.value = '';
          }} />
      </label>
      <p class="privacy-note" data-testid="privacy-note">{t('file.privacy')}</p>
    </div>
  );
}
