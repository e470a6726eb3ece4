import { useTranslation } from 'react-i18next';
import { SelectField } from '../ui';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch">
      <SelectField
        label={t('language')}
        value={i18n.language === 'en' ? 'en' : 'de'}
        onChange={(value) => void i18n.changeLanguage(value)}
        options={[
          { value: 'de', label: t('languages.de') },
          { value: 'en', label: t('languages.en') },
        ]}
      />
    </div>
  );
}
