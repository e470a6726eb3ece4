import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import { Button, DateTime, ErrorNotice, Notice, Section, SelectField, TextField } from '../../ui';
import type { SmsMessage, SmsNumber } from './types';

const PHONE = /^\+?[0-9][0-9 ()./-]{2,31}$/;

/**
 * Simulates an inbound SMS (POST /sms/test-inbound). It runs through the real flow; the answer is
 * found in the SMS log by its `inReplyToId` and appears as soon as the live event refreshes the log.
 */
export function TestSmsForm() {
  const { t } = useTranslation('records');
  const numbers = useApiQuery<SmsNumber[]>('/sms/numbers');
  const active = (numbers.data ?? []).filter((n) => n.active);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sentId, setSentId] = useState<string | null>(null);
  const number = to !== '' ? to : (active[0]?.number ?? '');
  const phoneInvalid = from.trim() !== '' && !PHONE.test(from.trim());
  const log = useApiQuery<SmsMessage[]>(sentId === null ? null : '/sms/messages', { limit: 100 });
  const answers = (log.data ?? [])
    .filter((m) => m.direction === 'outbound' && m.inReplyToId === sentId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (phoneInvalid || from.trim() === '' || text.trim() === '' || number === '') return;
    setBusy(true);
    setError(null);
    setSentId(null);
    try {
      const result = await api.post<{ id: string }>('/sms/test-inbound', {
        from: from.trim(),
        to: number,
        text: text.trim(),
      });
      setSentId(result.id);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('sms.test.title')}>
      <p className="page-description">{t('sms.test.description')}</p>
      {numbers.isSuccess && active.length === 0 ? (
        <Notice tone="warning">{t('sms.test.noNumbers')}</Notice>
      ) : (
        <form className="row" onSubmit={(event) => void submit(event)} aria-label={t('sms.test.title')}>
          <TextField
            label={t('sms.test.from')}
            type="tel"
            placeholder="+49 171 1234567"
            value={from}
            onChange={setFrom}
            isRequired
            errorMessage={phoneInvalid ? t('sms.test.invalidPhone') : undefined}
          />
          <SelectField
            label={t('sms.test.to')}
            value={number}
            onChange={setTo}
            options={active.map((n) => ({
              value: n.number,
              label: n.label === null ? n.number : `${n.number} (${n.label})`,
            }))}
            isRequired
          />
          <TextField
            label={t('sms.test.text')}
            description={t('sms.test.textHint')}
            value={text}
            onChange={setText}
            isRequired
          />
          <Button type="submit" variant="primary" isDisabled={busy}>
            {t('sms.test.send')}
          </Button>
        </form>
      )}
      <ErrorNotice error={error} />
      <div role="status" aria-live="polite" className="test-sms-answer">
        {sentId !== null && (
          <>
            <p>{t('sms.test.sent')}</p>
            {answers.length === 0 ? (
              <p className="loading">{t('sms.test.waiting')}</p>
            ) : (
              answers.map((answer) => (
                <blockquote key={answer.id} className="sms-answer">
                  <strong>{t('sms.test.answer')}</strong> (<DateTime value={answer.createdAt} />
                  ): <span className="sms-text">{answer.text}</span>
                </blockquote>
              ))
            )}
          </>
        )}
      </div>
    </Section>
  );
}
