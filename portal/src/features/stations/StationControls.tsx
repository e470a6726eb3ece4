import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog, Section, SelectField } from '../../ui';

type Send = (label: string, body: Record<string, unknown>) => Promise<void>;

/** Commands for the whole station: restart and availability. */
export function StationControls({ name, send }: { name: string; send: Send }) {
  const { t } = useTranslation('stations');
  const [type, setType] = useState<'soft' | 'hard'>('soft');
  return (
    <Section title={t('controls.title')}>
      <div className="cell-actions">
        <ConfirmDialog
          triggerLabel={t('controls.reset')}
          title={t('controls.resetTitle', { name })}
          confirmLabel={t('controls.resetConfirm')}
          destructive
          onConfirm={() => send(t(`controls.resetLabel_${type}`, { name }), { command: 'reset', type })}
        >
          <p>{t('controls.resetExplain')}</p>
          <SelectField
            label={t('controls.resetType')}
            value={type}
            onChange={(value) => setType(value as 'soft' | 'hard')}
            options={[
              { value: 'soft', label: t('controls.soft') },
              { value: 'hard', label: t('controls.hard') },
            ]}
          />
        </ConfirmDialog>
        <ConfirmDialog
          triggerLabel={t('controls.disable')}
          title={t('controls.disableTitle', { name })}
          confirmLabel={t('controls.disable')}
          destructive
          onConfirm={() =>
            send(t('controls.disableLabel', { name }), { command: 'changeAvailability', operative: false })
          }
        >
          <p>{t('controls.disableExplain')}</p>
        </ConfirmDialog>
        <ConfirmDialog
          triggerLabel={t('controls.enable')}
          title={t('controls.enableTitle', { name })}
          confirmLabel={t('controls.enable')}
          onConfirm={() =>
            send(t('controls.enableLabel', { name }), { command: 'changeAvailability', operative: true })
          }
        >
          <p>{t('controls.enableExplain')}</p>
        </ConfirmDialog>
      </div>
    </Section>
  );
}
