/** Accounting strategies: how payers pay (prepaid, postpaid, carrier, free, roaming). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { useLocale } from '../../i18n/use-locale';
import {
  Button,
  Checkbox,
  DataTable,
  ErrorNotice,
  Money,
  Notice,
  PageHeader,
  QueryState,
  Section,
  SelectField,
  StatusBadge,
  TextField,
} from '../../ui';
import { fieldErrorsOf } from './form-errors';
import { editDeleteColumn, InstitutionPicker, NSS, useCanManage } from './shared';
import { centsToInput } from './tariff-form';
import { parseMoneyInput } from '../../format/format';
import { STRATEGY_KINDS, type Strategy, type StrategyKind } from './types';

interface StrategyForm {
  name: string;
  kind: StrategyKind;
  minimumBalance: string;
  paymentTermDays: string;
  active: boolean;
}

function StrategyEditor({
  strategy,
  onDone,
}: {
  strategy: Strategy | null;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const locale = useLocale();
  const session = useSession();
  const [institutionId, setInstitutionId] = useState(session.institutionId ?? '');
  const [form, setForm] = useState<StrategyForm>(
    strategy === null
      ? { name: '', kind: 'prepaid', minimumBalance: '0', paymentTermDays: '14', active: true }
      : {
          name: strategy.name,
          kind: strategy.kind,
          minimumBalance: centsToInput(strategy.minimumBalanceCents, locale),
          paymentTermDays: String(strategy.paymentTermDays),
          active: strategy.active,
        },
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useApiMutation(
    (body: Record<string, unknown>) =>
      strategy === null
        ? api.post<Strategy>('/accounting-strategies', body)
        : api.patch<Strategy>(`/accounting-strategies/${strategy.id}`, body),
    ['/accounting-strategies'],
  );
  const server = fieldErrorsOf(save.error);
  const error = (field: string) =>
    local[field] ??
    (server[field] === undefined ? undefined : t('errors.server', { message: server[field] }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const minimum = parseMoneyInput(form.minimumBalance);
    if (minimum === null || minimum < 0) errors.minimumBalanceCents = t('errors.money');
    const term = /^\d{1,3}$/.test(form.paymentTermDays.trim()) ? Number(form.paymentTermDays) : null;
    if (term === null) errors.paymentTermDays = t('errors.days');
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    const body: Record<string, unknown> = {
      name: form.name,
      kind: form.kind,
      minimumBalanceCents: minimum,
      paymentTermDays: term,
      active: form.active,
    };
    if (strategy === null && session.institutionId === null) body.institutionId = institutionId;
    save.mutate(body, { onSuccess: () => onDone(t('saved')) });
  };

  return (
    <Section title={strategy === null ? t('strategies.new') : t('strategies.edit', { name: strategy.name })}>
      <form className="stack" onSubmit={submit} noValidate>
        {strategy === null && <InstitutionPicker value={institutionId} onChange={setInstitutionId} />}
        <TextField
          label={t('name')}
          value={form.name}
          onChange={(name) => setForm({ ...form, name })}
          isRequired
          errorMessage={error('name')}
        />
        <SelectField
          label={t('strategies.kind')}
          value={form.kind}
          onChange={(kind) => setForm({ ...form, kind: kind as StrategyKind })}
          options={STRATEGY_KINDS.map((kind) => ({ value: kind, label: t(`strategyKinds.${kind}`) }))}
          description={t(`strategyKindHints.${form.kind}`)}
        />
        <div className="row">
          <TextField
            label={t('strategies.minimumBalance')}
            description={t('strategies.minimumBalanceHint')}
            value={form.minimumBalance}
            onChange={(minimumBalance) => setForm({ ...form, minimumBalance })}
            inputMode="decimal"
            errorMessage={error('minimumBalanceCents')}
          />
          <TextField
            label={t('strategies.paymentTerm')}
            description={t('strategies.paymentTermHint')}
            value={form.paymentTermDays}
            onChange={(paymentTermDays) => setForm({ ...form, paymentTermDays })}
            inputMode="numeric"
            errorMessage={error('paymentTermDays')}
          />
        </div>
        <Checkbox
          label={t('active')}
          checked={form.active}
          onChange={(active) => setForm({ ...form, active })}
        />
        {Object.keys(server).length === 0 && <ErrorNotice error={save.error} />}
        <div className="form-actions">
          <Button type="submit" variant="primary" isDisabled={save.isPending}>
            {t('save')}
          </Button>
          <Button onPress={() => onDone('')}>{t('cancel')}</Button>
        </div>
      </form>
    </Section>
  );
}

export function StrategiesPage() {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const canManage = useCanManage();
  const strategies = useApiQuery<Strategy[]>('/accounting-strategies');
  const [editing, setEditing] = useState<Strategy | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const remove = useApiMutation(
    (id: string) => api.delete(`/accounting-strategies/${id}`),
    ['/accounting-strategies'],
  );
  const done = (text: string) => {
    setEditing(null);
    setMessage(text);
  };

  return (
    <>
      <PageHeader
        title={t('strategies.title')}
        description={t('strategies.description')}
        actions={
          canManage && editing === null ? (
            <Button variant="primary" onPress={() => setEditing('new')}>
              {t('strategies.new')}
            </Button>
          ) : undefined
        }
      />
      {message !== '' && <Notice tone="success">{message}</Notice>}
      {editing !== null && (
        <StrategyEditor
          key={editing === 'new' ? 'new' : editing.id}
          strategy={editing === 'new' ? null : editing}
          onDone={done}
        />
      )}
      <QueryState query={strategies}>
        {(rows) => (
          <DataTable
            caption={t('strategies.title')}
            captionHidden
            rows={rows}
            rowKey={(row) => row.id}
            empty={t('strategies.empty')}
            columns={[
              { key: 'name', header: t('name'), rowHeader: true, render: (row) => row.name },
              { key: 'kind', header: t('strategies.kind'), render: (row) => t(`strategyKinds.${row.kind}`) },
              {
                key: 'minimum',
                header: t('strategies.minimumBalance'),
                align: 'end',
                render: (row) => (row.kind === 'prepaid' ? <Money cents={row.minimumBalanceCents} /> : '–'),
              },
              {
                key: 'term',
                header: t('strategies.paymentTerm'),
                align: 'end',
                render: (row) =>
                  row.kind === 'postpaid' ? t('strategies.days', { count: row.paymentTermDays }) : '–',
              },
              {
                key: 'active',
                header: t('status'),
                render: (row) =>
                  row.active ? (
                    <StatusBadge tone="ok">{t('active')}</StatusBadge>
                  ) : (
                    <StatusBadge tone="muted">{t('inactive')}</StatusBadge>
                  ),
              },
              ...(canManage
                ? [
                    editDeleteColumn<Strategy>({
                      header: t('actions'),
                      messagesKey: 'strategies',
                      onEdit: setEditing,
                      onDelete: (id) => remove.mutateAsync(id),
                    }),
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
