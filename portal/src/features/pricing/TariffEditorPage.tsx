/**
 * Create or change a tariff: every component of the definition, money typed as "0,50", VAT, and a
 * live preview of price and SMS text before saving. The API's 422 lands at the field it names.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { useLocale } from '../../i18n/use-locale';
import {
  Button,
  Checkbox,
  ConfirmDialog,
  ErrorNotice,
  Notice,
  PageHeader,
  QueryState,
  Section,
  TextField,
} from '../../ui';
import { ElementFields } from './ElementFields';
import { InstitutionPicker, NSS, useCanManage } from './shared';
import {
  apiFieldErrors,
  emptyElement,
  emptyTariffForm,
  formToDefinition,
  tariffToForm,
  type FieldErrors,
  type TariffForm,
} from './tariff-form';
import { TariffPreviewPanel } from './TariffPreviewPanel';
import type { Tariff, TariffAssignment } from './types';

export function TariffEditorPage() {
  const { tariffId } = useParams();
  const tariff = useApiQuery<Tariff>(tariffId === undefined ? null : `/tariffs/${tariffId}`);
  if (tariffId === undefined) return <TariffEditor tariff={null} />;
  return <QueryState query={tariff}>{(data) => <TariffEditor key={data.id} tariff={data} />}</QueryState>;
}

function TariffEditor({ tariff }: { tariff: Tariff | null }) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const locale = useLocale();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const canManage = useCanManage();
  const readOnly = !canManage;
  const [form, setForm] = useState<TariffForm>(() =>
    tariff === null ? emptyTariffForm() : tariffToForm(tariff, locale),
  );
  const [institutionId, setInstitutionId] = useState(session.institutionId ?? '');
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [showLocal, setShowLocal] = useState(false);
  const [saved, setSaved] = useState((location.state as { saved?: boolean } | null)?.saved === true);

  const result = useMemo(() => formToDefinition(form), [form]);
  const localErrors = result.errors;
  const hasLocalErrors = Object.keys(localErrors).length > 0;
  const error = (field: string): string | undefined => {
    if (showLocal && localErrors[field] !== undefined) return t(localErrors[field]);
    const server = serverErrors[field];
    return server === undefined ? undefined : t('errors.server', { message: server });
  };

  useEffect(() => {
    if (saved) window.history.replaceState({}, '');
  }, [saved]);

  const update = (next: TariffForm) => {
    setForm(next);
    setSaved(false);
  };

  const save = useApiMutation(
    (body: Record<string, unknown>) =>
      tariff === null ? api.post<Tariff>('/tariffs', body) : api.patch<Tariff>(`/tariffs/${tariff.id}`, body),
    ['/tariffs', '/tariff-assignments'],
  );

  const remove = useApiMutation(
    (id: string) => api.delete(`/tariffs/${id}`),
    ['/tariffs', '/tariff-assignments'],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowLocal(true);
    setServerErrors({});
    setFormError(null);
    if (hasLocalErrors || result.vatRateBp === null) return;
    const body: Record<string, unknown> = {
      name: form.name,
      active: form.active,
      currency: form.currency,
      vatRateBp: result.vatRateBp,
      definition: result.definition,
    };
    if (tariff === null && session.institutionId === null) body.institutionId = institutionId;
    try {
      const savedTariff = await save.mutateAsync(body);
      if (tariff === null) void navigate(`/tariffs/${savedTariff.id}`, { state: { saved: true } });
      else setSaved(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 422) {
        setServerErrors(apiFieldErrors(caught.details, caught.detail));
      }
      setFormError(caught);
    }
  };

  const setElement = (index: number, element: TariffForm['elements'][number]) =>
    update({ ...form, elements: form.elements.map((e, i) => (i === index ? element : e)) });
  const moveElement = (index: number, delta: -1 | 1) => {
    const elements = [...form.elements];
    const [moved] = elements.splice(index, 1);
    elements.splice(index + delta, 0, moved!);
    update({ ...form, elements });
  };

  const errorCount = (showLocal ? Object.keys(localErrors).length : 0) + Object.keys(serverErrors).length;
  const title =
    tariff === null
      ? t('editor.newTitle')
      : readOnly
        ? tariff.name
        : t('editor.editTitle', { name: tariff.name });

  return (
    <>
      <PageHeader
        title={title}
        description={t('editor.description')}
        actions={<Link to="/tariffs">{t('tariffs.back')}</Link>}
      />
      {readOnly && <Notice tone="info">{t('editor.readOnly')}</Notice>}
      {saved && <Notice tone="success">{t('editor.saved')}</Notice>}
      <div className="tariff-editor">
        <form
          className="stack"
          onSubmit={(event) => void submit(event)}
          noValidate
          aria-labelledby="tariff-form-title"
        >
          <h2 id="tariff-form-title" className="visually-hidden">
            {t('editor.formTitle')}
          </h2>
          {errorCount > 0 && <Notice tone="error">{t('editor.errorSummary', { count: errorCount })}</Notice>}
          {formError !== null && !(formError instanceof ApiError && formError.status === 422) && (
            <ErrorNotice error={formError} />
          )}
          {formError instanceof ApiError &&
            formError.status === 422 &&
            Object.keys(serverErrors).length === 0 && <ErrorNotice error={formError} />}
          <Section title={t('editor.general')}>
            <div className="stack">
              {tariff === null && <InstitutionPicker value={institutionId} onChange={setInstitutionId} />}
              <TextField
                label={t('name')}
                value={form.name}
                onChange={(name) => update({ ...form, name })}
                isRequired
                isReadOnly={readOnly}
                errorMessage={error('name')}
              />
              <div className="row">
                <TextField
                  label={t('editor.vat')}
                  value={form.vatPercent}
                  onChange={(vatPercent) => update({ ...form, vatPercent })}
                  inputMode="decimal"
                  isReadOnly={readOnly}
                  errorMessage={error('vatRateBp')}
                />
                <TextField
                  label={t('editor.currency')}
                  value={form.currency}
                  onChange={(currency) => update({ ...form, currency: currency.toUpperCase() })}
                  isReadOnly={readOnly}
                  errorMessage={error('currency')}
                />
              </div>
              <Checkbox
                label={t('editor.active')}
                checked={form.active}
                onChange={(active) => update({ ...form, active })}
                isDisabled={readOnly}
              />
              <p className="field-hint">{t('editor.grossHint')}</p>
            </div>
          </Section>
          <Section title={t('editor.feesAndCaps')}>
            <div className="row">
              {(
                [
                  ['startFee', 'definition.startFeeCents'],
                  ['minimum', 'definition.minimumCents'],
                  ['maximum', 'definition.maximumCents'],
                  ['dailyCap', 'definition.dailyCapCents'],
                ] as const
              ).map(([key, field]) => (
                <TextField
                  key={key}
                  label={t(`editor.${key}`)}
                  value={form[key]}
                  onChange={(value) => update({ ...form, [key]: value })}
                  inputMode="decimal"
                  placeholder="0,00"
                  isReadOnly={readOnly}
                  errorMessage={error(field)}
                />
              ))}
            </div>
          </Section>
          <Section
            title={t('editor.elements')}
            actions={
              readOnly ? undefined : (
                <Button onPress={() => update({ ...form, elements: [...form.elements, emptyElement()] })}>
                  {t('editor.addElement')}
                </Button>
              )
            }
          >
            <p className="field-hint">{t('editor.elementsHint')}</p>
            <div className="stack">
              {form.elements.map((element, index) => (
                <ElementFields
                  key={element.key}
                  index={index}
                  count={form.elements.length}
                  element={element}
                  onChange={(next) => setElement(index, next)}
                  onRemove={() => update({ ...form, elements: form.elements.filter((_, i) => i !== index) })}
                  onMove={(delta) => moveElement(index, delta)}
                  error={error}
                  readOnly={readOnly}
                />
              ))}
            </div>
          </Section>
          {!readOnly && (
            <div className="form-actions">
              <Button type="submit" variant="primary" isDisabled={save.isPending}>
                {tariff === null ? t('editor.create') : t('editor.save')}
              </Button>
              {tariff !== null && (
                <ConfirmDialog
                  triggerLabel={t('editor.delete')}
                  title={t('editor.deleteTitle', { name: tariff.name })}
                  confirmLabel={t('editor.delete')}
                  destructive
                  onConfirm={async () => {
                    await remove.mutateAsync(tariff.id);
                    void navigate('/tariffs');
                  }}
                >
                  <p>{t('editor.deleteText')}</p>
                </ConfirmDialog>
              )}
            </div>
          )}
          {tariff !== null && <WhereAssigned tariffId={tariff.id} />}
        </form>
        <TariffPreviewPanel
          definition={hasLocalErrors ? null : result.definition}
          currency={form.currency}
          vatRateBp={result.vatRateBp}
        />
      </div>
    </>
  );
}

function WhereAssigned({ tariffId }: { tariffId: string }) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const assignments = useApiQuery<TariffAssignment[]>('/tariff-assignments', { tariffId });
  return (
    <Section
      title={t('tariffs.whereAssigned')}
      actions={<Link to="/tariffs/assignments">{t('assignments.title')}</Link>}
    >
      <QueryState query={assignments}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="muted-text">{t('tariffs.notAssigned')}</p>
          ) : (
            <ul>
              {rows.map((a) => (
                <li key={a.id}>
                  {t(`targetKinds.${a.targetKind}`)} {a.targetName ?? a.targetId}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </Section>
  );
}
