/** Price events: a tariff that replaces the usual one for a while, for everybody or a chosen target. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import {
  Button,
  DataTable,
  DateTime,
  ErrorNotice,
  Notice,
  PageHeader,
  QueryState,
  Section,
  SelectField,
  StatusBadge,
  TextField,
} from '../../ui';
import { berlinInputToIso, isoToBerlinInput } from '../../format/berlin';
import { NativeField } from './fields';
import { fieldErrorsOf } from './form-errors';
import { RuleTargetFields } from './RuleTargetFields';
import { editDeleteColumn, InstitutionPicker, NSS, useCanManage, useTargetNames } from './shared';
import type { PriceEvent, RuleTargetKind, Tariff } from './types';

function EventEditor({
  event,
  tariffs,
  onDone,
}: {
  event: PriceEvent | null;
  tariffs: Tariff[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const session = useSession();
  const [institutionId, setInstitutionId] = useState(session.institutionId ?? '');
  const [name, setName] = useState(event?.name ?? '');
  const [targetKind, setTargetKind] = useState<RuleTargetKind>(event?.targetKind ?? 'all');
  const [targetId, setTargetId] = useState(event?.targetId ?? '');
  const [tariffId, setTariffId] = useState(event?.tariffId ?? '');
  const [validFrom, setValidFrom] = useState(isoToBerlinInput(event?.validFrom));
  const [validTo, setValidTo] = useState(isoToBerlinInput(event?.validTo));
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useApiMutation(
    (body: Record<string, unknown>) =>
      event === null ? api.post('/price-events', body) : api.patch(`/price-events/${event.id}`, body),
    ['/price-events'],
  );
  const server = fieldErrorsOf(save.error);
  const error = (field: string) =>
    local[field] ??
    (server[field] === undefined ? undefined : t('errors.server', { message: server[field] }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    const from = berlinInputToIso(validFrom);
    const to = berlinInputToIso(validTo);
    if (from === null) errors.validFrom = t('errors.dateTime');
    if (to === null) errors.validTo = t('errors.dateTime');
    if (from !== null && to !== null && to <= from) errors.validTo = t('errors.toAfterFrom');
    if (tariffId === '') errors.tariffId = t('errors.required');
    if (targetKind !== 'all' && targetId === '') errors.targetId = t('errors.required');
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    const body: Record<string, unknown> = {
      name,
      targetKind,
      targetId: targetKind === 'all' ? null : targetId,
      tariffId,
      validFrom: from,
      validTo: to,
    };
    if (event === null && session.institutionId === null) body.institutionId = institutionId;
    save.mutate(body, { onSuccess: () => onDone(t('saved')) });
  };

  return (
    <Section title={event === null ? t('events.new') : t('events.edit', { name: event.name })}>
      <form className="stack" onSubmit={submit} noValidate>
        {event === null && <InstitutionPicker value={institutionId} onChange={setInstitutionId} />}
        <TextField
          label={t('name')}
          value={name}
          onChange={setName}
          isRequired
          errorMessage={error('name')}
        />
        <SelectField
          label={t('events.tariff')}
          value={tariffId}
          onChange={setTariffId}
          emptyLabel={t('choose')}
          isRequired
          options={tariffs.map((tariff) => ({ value: tariff.id, label: tariff.name }))}
          description={error('tariffId')}
        />
        <RuleTargetFields
          kind={targetKind}
          targetId={targetId}
          onChange={(kind, id) => {
            setTargetKind(kind);
            setTargetId(id);
          }}
          error={error('targetId')}
        />
        <div className="row">
          <NativeField
            type="datetime-local"
            label={t('rules.validFrom')}
            value={validFrom}
            onChange={setValidFrom}
            isRequired
            errorMessage={error('validFrom')}
          />
          <NativeField
            type="datetime-local"
            label={t('rules.validTo')}
            description={t('rules.validToHint')}
            value={validTo}
            onChange={setValidTo}
            isRequired
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

export function EventsPage() {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const canManage = useCanManage();
  const events = useApiQuery<PriceEvent[]>('/price-events');
  const tariffs = useApiQuery<Tariff[]>('/tariffs');
  const names = useTargetNames();
  const [editing, setEditing] = useState<PriceEvent | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const remove = useApiMutation((id: string) => api.delete(`/price-events/${id}`), ['/price-events']);
  const tariffName = (id: string) => tariffs.data?.find((tariff) => tariff.id === id)?.name ?? id;
  const now = Date.now();
  const state = (row: PriceEvent) =>
    Date.parse(row.validTo) <= now ? (
      <StatusBadge tone="muted">{t('events.past')}</StatusBadge>
    ) : Date.parse(row.validFrom) <= now ? (
      <StatusBadge tone="ok">{t('events.running')}</StatusBadge>
    ) : (
      <StatusBadge tone="info">{t('events.upcoming')}</StatusBadge>
    );

  return (
    <>
      <PageHeader
        title={t('events.title')}
        description={t('events.description')}
        actions={
          canManage && editing === null ? (
            <Button variant="primary" onPress={() => setEditing('new')}>
              {t('events.new')}
            </Button>
          ) : undefined
        }
      />
      {message !== '' && <Notice tone="success">{message}</Notice>}
      {editing !== null && (
        <EventEditor
          key={editing === 'new' ? 'new' : editing.id}
          event={editing === 'new' ? null : editing}
          tariffs={tariffs.data ?? []}
          onDone={(text) => {
            setEditing(null);
            setMessage(text);
          }}
        />
      )}
      <QueryState query={events}>
        {(rows) => (
          <DataTable
            caption={t('events.title')}
            captionHidden
            rows={rows}
            rowKey={(row) => row.id}
            empty={t('events.empty')}
            columns={[
              { key: 'name', header: t('name'), rowHeader: true, render: (row) => row.name },
              {
                key: 'target',
                header: t('rules.target'),
                render: (row) =>
                  row.targetKind === 'all'
                    ? t('ruleTargets.all')
                    : `${t(`ruleTargets.${row.targetKind}`)}: ${names.get(row.targetId ?? '') ?? '…'}`,
              },
              {
                key: 'tariff',
                header: t('events.tariff'),
                render: (row) => <Link to={`/tariffs/${row.tariffId}`}>{tariffName(row.tariffId)}</Link>,
              },
              {
                key: 'from',
                header: t('rules.validFrom'),
                render: (row) => <DateTime value={row.validFrom} />,
              },
              { key: 'to', header: t('rules.validTo'), render: (row) => <DateTime value={row.validTo} /> },
              { key: 'state', header: t('status'), render: state },
              ...(canManage
                ? [
                    editDeleteColumn<PriceEvent>({
                      header: t('actions'),
                      messagesKey: 'events',
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
