/** The presented diploma's fields with their printed labels; hidden fields marked as hidden. */
import { FIELD_NAMES, printedFieldValue, type DiplomaDocument } from '@vanbang/document';
import { fieldLabel, t } from '../i18n';

export function FieldsTable({ document }: { document: DiplomaDocument }) {
  const rows = FIELD_NAMES.filter((name) => document.fields[name] !== undefined || document.hiddenFields[name] !== undefined);
  return (
    <section class="panel" aria-labelledby="fields-heading">
      <h3 id="fields-heading">{t('fields.heading')}</h3>
      <div class="table-scroll">
        <table class="fields" data-testid="fields">
          <thead><tr><th scope="col">{t('fields.name')}</th><th scope="col">{t('fields.value')}</th></tr></thead>
          <tbody>
            {rows.map((name) => {
              const field = document.fields[name];
              return field === undefined
                ? <tr key={name} data-field={name} data-hidden="true" class="fields__hidden"><th scope="row">{fieldLabel(name)}</th><td><em>{t('fields.hidden')}</em></td></tr>
                : <tr key={name} data-field={name}><th scope="row">{fieldLabel(name)}</th><td>{printedFieldValue(name, field.value)}</td></tr>;
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
