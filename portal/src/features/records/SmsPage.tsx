import { useState } from 'react';
import { useFilterState } from '../../ui/use-filter-state';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { useLiveRefresh } from '../../live/live';
import {
  DataTable,
  DateTime,
  FilterBar,
  Notice,
  PageHeader,
  QueryState,
  Section,
  SelectField,
  StatusBadge,
  TextField,
  type Tone,
} from '../../ui';
import { LoadMore } from './LoadMore';
import { TestSmsForm } from './TestSmsForm';
import type { SmsMessage, SmsSession } from './types';

export const SMS_EVENTS = ['sms.message', 'sms.session'] as const;
const PAGE = 100;
const STATUSES = ['received', 'handled', 'failed', 'queued', 'sent', 'delivered', 'undeliverable'] as const;

export function smsStatusTone(status: string): Tone {
  if (status === 'failed' || status === 'undeliverable') return 'error';
  if (status === 'queued' || status === 'received') return 'warn';
  if (status === 'delivered' || status === 'handled') return 'ok';
  return 'info';
}

interface MessageFilters {
  direction: '' | 'inbound' | 'outbound';
  status: string;
  phone: string;
}
const NO_FILTERS: MessageFilters = { direction: '', status: '', phone: '' };

/** The SMS log (masked numbers without sms:phone), SMS sessions, and a test SMS for sms:manage. */
export function SmsPage() {
  const { t } = useTranslation('records');
  const session = useSession();
  useLiveRefresh(SMS_EVENTS, ['/sms']);
  return (
    <>
      <PageHeader title={t('sms.title')} description={t('sms.description')} />
      {session.permissions.includes('sms:manage') && <TestSmsForm />}
      <Tabs>
        <TabList aria-label={t('sms.tabs')} className="tab-list">
          <Tab id="messages" className="tab">
            {t('sms.messages')}
          </Tab>
          <Tab id="sessions" className="tab">
            {t('sms.sessions')}
          </Tab>
        </TabList>
        <TabPanel id="messages" className="tab-panel">
          <MessagesLog />
        </TabPanel>
        <TabPanel id="sessions" className="tab-panel">
          <SmsSessions />
        </TabPanel>
      </Tabs>
    </>
  );
}

function MessagesLog() {
  const { t } = useTranslation('records');
  const session = useSession();
  const mayPhone = session.permissions.includes('sms:phone');
  const { draft, setDraft, filters, limit, apply, reset, more } = useFilterState<MessageFilters>(
    NO_FILTERS,
    PAGE,
    500,
  );
  const messages = useApiQuery<SmsMessage[]>('/sms/messages', {
    direction: filters.direction,
    status: filters.status,
    phone: mayPhone ? filters.phone.trim() : undefined,
    limit,
  });
  return (
    <>
      <FilterBar label={t('filters.label')} onApply={apply} onReset={reset}>
        <SelectField
          label={t('sms.direction')}
          value={draft.direction}
          onChange={(direction) =>
            setDraft({ ...draft, direction: direction as MessageFilters['direction'] })
          }
          options={[
            { value: 'inbound', label: t('sms.inbound') },
            { value: 'outbound', label: t('sms.outbound') },
          ]}
          emptyLabel={t('filters.any')}
        />
        <SelectField
          label={t('sms.status')}
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
          options={STATUSES.map((value) => ({ value, label: t(`sms.statuses.${value}`) }))}
          emptyLabel={t('filters.any')}
        />
        {mayPhone && (
          <TextField
            label={t('sms.phone')}
            type="tel"
            value={draft.phone}
            onChange={(phone) => setDraft({ ...draft, phone })}
          />
        )}
      </FilterBar>
      {!mayPhone && <Notice tone="info">{t('sms.masked')}</Notice>}
      <QueryState query={messages}>
        {(rows) => (
          <>
            <DataTable
              caption={t('sms.caption')}
              captionHidden
              rows={rows}
              rowKey={(row) => row.id}
              empty={t('sms.empty')}
              columns={[
                {
                  key: 'time',
                  header: t('sms.time'),
                  rowHeader: true,
                  render: (row) => <DateTime value={row.createdAt} />,
                },
                {
                  key: 'direction',
                  header: t('sms.direction'),
                  render: (row) =>
                    row.direction === 'inbound' ? `← ${t('sms.inbound')}` : `→ ${t('sms.outbound')}`,
                },
                {
                  key: 'from',
                  header: t('sms.from'),
                  render: (row) => <span className="phone">{row.from}</span>,
                },
                { key: 'to', header: t('sms.to'), render: (row) => <span className="phone">{row.to}</span> },
                {
                  key: 'text',
                  header: t('sms.text'),
                  render: (row) => <span className="sms-text">{row.text}</span>,
                },
                {
                  key: 'status',
                  header: t('sms.status'),
                  render: (row) => (
                    <>
                      <StatusBadge tone={smsStatusTone(row.status)}>
                        {t(`sms.statuses.${row.status}`)}
                      </StatusBadge>
                      {row.error !== null && <span className="field-hint"> {row.error}</span>}
                    </>
                  ),
                },
              ]}
            />
            <LoadMore shown={rows.length} limit={limit} onMore={more} />
          </>
        )}
      </QueryState>
    </>
  );
}

function SmsSessions() {
  const { t } = useTranslation('records');
  const [limit, setLimit] = useState(PAGE);
  const sessions = useApiQuery<SmsSession[]>('/sms/sessions', { limit });
  return (
    <Section title={t('sms.sessions')}>
      <QueryState query={sessions}>
        {(rows) => (
          <>
            <DataTable
              caption={t('sms.sessionsCaption')}
              captionHidden
              rows={rows}
              rowKey={(row) => row.id}
              empty={t('sms.sessionsEmpty')}
              columns={[
                {
                  key: 'compartment',
                  header: t('sms.compartment'),
                  rowHeader: true,
                  render: (row) =>
                    row.sessionId === null ? (
                      row.shortName
                    ) : (
                      <Link to={`/sessions/${row.sessionId}`}>{row.shortName}</Link>
                    ),
                },
                {
                  key: 'phone',
                  header: t('sms.phone'),
                  render: (row) => <span className="phone">{row.phone}</span>,
                },
                {
                  key: 'state',
                  header: t('sms.state'),
                  render: (row) => (
                    <>
                      <StatusBadge
                        tone={row.state === 'failed' ? 'error' : row.state === 'completed' ? 'muted' : 'busy'}
                      >
                        {t(`sms.states.${row.state}`)}
                      </StatusBadge>
                      {row.failureReason !== null && <span className="field-hint"> {row.failureReason}</span>}
                    </>
                  ),
                },
                {
                  key: 'started',
                  header: t('sms.started'),
                  render: (row) => <DateTime value={row.startedAt ?? row.createdAt} />,
                },
                { key: 'ended', header: t('sms.ended'), render: (row) => <DateTime value={row.endedAt} /> },
              ]}
            />
            <LoadMore
              shown={rows.length}
              limit={limit}
              onMore={() => setLimit(Math.min(500, limit + PAGE))}
            />
          </>
        )}
      </QueryState>
    </Section>
  );
}
