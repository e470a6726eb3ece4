import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useSession, useSessionContext } from '../../auth/session';
import { Notice, PageHeader, Section, SelectField } from '../../ui';
import { PasswordChangeSection } from './PasswordChangeSection';
import { TotpSection } from './TotpSection';

/** The logged-in person's own page: who they are, password, second factor (staff), language. */
export function AccountPage() {
  const { t, i18n } = useTranslation('settings');
  const session = useSession();
  const { refresh } = useSessionContext();
  const choose = async (locale: string) => {
    await i18n.changeLanguage(locale);
    // A driver's language is also the language of the mails and SMS Fachwerk sends them.
    if (session.kind === 'driver') {
      await api.patch('/me', { locale });
      await refresh();
    }
  };
  return (
    <>
      <PageHeader title={t('account.title')} description={t('account.description')} />
      {session.totpSetupRequired && <Notice tone="warning">{t('account.totpRequired')}</Notice>}
      <Section title={t('account.profile')}>
        <dl className="facts">
          <dt>{t('account.name')}</dt>
          <dd>{session.name === '' ? '–' : session.name}</dd>
          <dt>{t('account.email')}</dt>
          <dd>{session.email}</dd>
          <dt>{t('account.role')}</dt>
          <dd>{t(`roles.${session.role}`, { defaultValue: session.role })}</dd>
        </dl>
      </Section>
      {session.kind === 'staff' && <TotpSection />}
      <PasswordChangeSection />
      <Section title={t('account.language')}>
        <div className="narrow-form">
          <SelectField
            label={t('account.portalLanguage')}
            description={t(session.kind === 'driver' ? 'account.languageHintDriver' : 'account.languageHint')}
            value={i18n.language === 'en' ? 'en' : 'de'}
            onChange={(value) => void choose(value)}
            options={[
              { value: 'de', label: t('languages.de', { ns: 'common' }) },
              { value: 'en', label: t('languages.en', { ns: 'common' }) },
            ]}
          />
        </div>
      </Section>
    </>
  );
}
