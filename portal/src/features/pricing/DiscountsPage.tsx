/** Discounts inside accounting strategies: a percentage or a fixed amount per session, for a target. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { formatMoney, parseMoneyInput } from '../../format/format';
import { useLocale } from '../../i18n/use-locale';
import {
  Button,
  Checkbox,
  DataTable,
  DateTime,
  ErrorNotice,
  Notice,
  PageHeader,
  QueryState,
  Section,
  SelectField,
  TextField,
} from '../../ui';
import { berlinInputToIso, isoToBerlinInput } from '../../format/berlin';
import { NativeField } from './fields';
import { fieldErrorsOf } from './form-errors';
import { RuleTargetFields } from './RuleTargetFields';
import { editDeleteColumn, NSS, useCanManage, useTargetNames } from './shared';
import { bpToPercentInput, centsToInput, parsePercentInput } from './tariff-form';
import type { Discount, RuleTargetKind, Strategy } from './types';

function DiscountEditor({
  discount,
  strategies,
  defaultStrategyId,
  onDone,
}: {
  discount: Discount | null;
  strategies: Strategy[];
  defaultStrategyId: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const locale = useLocale();
  const [strategyId, setStrategyId] = useState(discount?.strategyId ?? defaultStrategyId);
  const [name, setName] = useState(discount?.name ?? '');
  const [mode, setMode] = useState<'percent' | 'amount'>(
    discount?.amountCents != null ? 'amount' : 'percent',
  );
  const [value, setValue] = useState(
    discount === null
      ? ''
      : discount.amountCents !== null
        ? centsToInput(discount.amountCents, locale)
        : bpToPercentInput(discount.percentBp ?? 0, locale),
  );
  const [targetKind, setTargetKind] = useState<RuleTargetKind>(discount?.targetKind ?? 'all');
  const [targetId, setTargetId] = useState(discount?.targetId ?? '');
  const [stackable, setStackable] = useState(discount?.stackable ?? false);
  const [validFrom, setValidFrom] = useState(isoToBerlinInput(discount?.validFrom));
  const [validTo, setValidTo] = useState(isoToBerlinInput(discount?.validTo));
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useApiMutation(
    (body: Record<string, unknown>) =>
      discount === null ? api.post('/discounts', body) : api.patch(`/discounts/${discount.id}`, body),
    ['/discounts'],
  );
  const server = fieldErrorsOf(save.error);
  const error = (field: string) =>
    local[field] ??
    (server[field] === undefined ? undefined : t('errors.server', { message: server[field] }));
  const valueField = mode === 'percent' ? 'percentBp' : 'amountCents';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    const percentBp = mode === 'percent' ? parsePercentInput(value) : null;
    const amountCents = mode === 'amount' ? parseMoneyInput(value) : null;
    if (mode === 'percent' && (percentBp === null || percentBp === 0)) errors.percentBp = t('errors.percent');
    if (mode === 'amount' && (amountCents === null || amountCents <= 0))
      errors.amountCents = t('errors.money');
    const from = validFrom === '' ? null : berlinInputToIso(validFrom);
    const to = validTo === '' ? null : berlinInputToIso(validTo);
    if (validFrom !== '' && from === null) errors.validFrom = t('errors.dateTime');
    if (validTo !== '' && to === null) errors.validTo = t('errors.dateTime');
    if (from !== null && to !== null && to <= from) errors.validTo = t('errors.toAfterFrom');
    if (strategyId === '') errors.strategyId = t('errors.required');
    if (targetKind !== 'all' && targetId === '') errors.targetId = t('errors.required');
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    const body: Record<string, unknown> = {
      name,
      percentBp,
      amountCents,
      targetKind,
      targetId: targetKind === 'all' ? null : targetId,
      stackable,
      validFrom: from,
      validTo: to,
    };
    if (discount === null) body.strategyId = strategyId;
    save.mutate(body, { onSuccess: () => onDone(t('saved')) });
  };

  return (
    <Section title={discount === null ? t('discounts.new') : t('discounts.edit', { name: discount.name })}>
      <form className="stack" onSubmit={submit} noValidate>
        <SelectField
          label={t('discounts.strategy')}
          value={strategyId}
          onChange={setStrategyId}
          emptyLabel={t('choose')}
          isRequired
          isDisabled={discount !== null}
          options={strategies.map((s) => ({ value: s.id, label: s.name }))}
          description={error('strategyId') ?? t('discounts.strategyHint')}
        />
        <TextField
          label={t('name')}
          value={name}
          onChange={setName}
          isRequired
          errorMessage={error('name')}
        />
        <div className="row">
          <SelectField
            label={t('discounts.mode')}
            value={mode}
            onChange={(next) => setMode(next as 'percent' | 'amount')}
            options={[
              { value: 'percent', label: t('discounts.percent') },
              { value: 'amount', label: t('discounts.amount') },
            ]}
          />
          <TextField
            label={mode === 'percent' ? t('discounts.percentValue') : t('discounts.amountValue')}
            value={value}
            onChange={setValue}
            inputMode="decimal"
            placeholder={mode === 'percent' ? '10' : '1,00'}
            isRequired
            errorMessage={error(valueField)}
          />
        </div>
        <RuleTargetFields
          kind={targetKind}
          targetId={targetId}
          onChange={(kind, id) => {
            setTargetKind(kind);
            setTargetId(id);
          }}
          error={error('targetId')}
        />
        <Checkbox label={t('discounts.stackable')} checked={stackable} onChange={setStackable} />
        <p className="field-hint">{t('discounts.stackableHint')}</p>
        <div className="row">
          <NativeField
            type="datetime-local"
            label={t('rules.validFromOptional')}
            value={validFrom}
            onChange={setValidFrom}
            errorMessage={error('validFrom')}
          />
          <NativeField
            type="datetime-local"
            label={t('rules.validToOptional')}
            value={validTo}
            onChange={setValidTo}
            errorMessage={error('validTo')}
          />
        </div>
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

export function DiscountsPage() {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const locale = useLocale();
  const canManage = useCanManage();
  const [strategyFilter, setStrategyFilter] = useState('');
  const strategies = useApiQuery<Strategy[]>('/accounting-strategies');
  const discounts = useApiQuery<Discount[]>('/discounts', { strategyId: strategyFilter });
  const names = useTargetNames();
  const [editing, setEditing] = useState<Discount | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const remove = useApiMutation((id: string) => api.delete(`/discounts/${id}`), ['/discounts']);
  const strategyName = (id: string) => strategies.data?.find((s) => s.id === id)?.name ?? id;

  return (
    <>
      <PageHeader
        title={t('discounts.title')}
        description={t('discounts.description')}
        actions={
          canManage && editing === null ? (
            <Button variant="primary" onPress={() => setEditing('new')}>
              {t('discounts.new')}
            </Button>
          ) : undefined
        }
      />
      {message !== '' && <Notice tone="success">{message}</Notice>}
      {editing !== null && (
        <DiscountEditor
          key={editing === 'new' ? 'new' : editing.id}
          discount={editing === 'new' ? null : editing}
          strategies={strategies.data ?? []}
          defaultStrategyId={strategyFilter}
          onDone={(text) => {
            setEditing(null);
            setMessage(text);
          }}
        />
      )}
      <SelectField
        label={t('discounts.strategy')}
        value={strategyFilter}
        onChange={setStrategyFilter}
        emptyLabel={t('discounts.allStrategies')}
        options={(strategies.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
      />
      <QueryState query={discounts}>
        {(rows) => (
          <DataTable
            caption={t('discounts.title')}
            captionHidden
            rows={rows}
            rowKey={(row) => row.id}
            empty={t('discounts.empty')}
            columns={[
              { key: 'name', header: t('name'), rowHeader: true, render: (row) => row.name },
              {
                key: 'strategy',
                header: t('discounts.strategy'),
                render: (row) => strategyName(row.strategyId),
              },
              {
                key: 'reduction',
                header: t('discounts.reduction'),
                align: 'end',
                render: (row) =>
                  row.amountCents !== null
                    ? formatMoney(row.amountCents, 'EUR', locale)
                    : `${bpToPercentInput(row.percentBp ?? 0, locale)} %`,
              },
              {
                key: 'target',
                header: t('rules.target'),
                render: (row) =>
                  row.targetKind === 'all'
                    ? t('ruleTargets.all')
                    : `${t(`ruleTargets.${row.targetKind}`)}: ${names.get(row.targetId ?? '') ?? '…'}`,
              },
              {
                key: 'stackable',
                header: t('discounts.stackable'),
                render: (row) => (row.stackable ? t('yes') : t('no')),
              },
              {
                key: 'valid',
                header: t('discounts.validity'),
                render: (row) =>
                  row.validFrom === null && row.validTo === null ? (
                    t('discounts.always')
                  ) : (
                    <>
                      <DateTime value={row.validFrom} /> – <DateTime value={row.validTo} />
                    </>
                  ),
              },
              ...(canManage
                ? [
                    editDeleteColumn<Discount>({
                      header: t('actions'),
                      messagesKey: 'discounts',
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
