/** One tariff element: its price components and the restrictions that say when it applies. */
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, TextField } from '../../ui';
import { FieldGroup, NativeField } from './fields';
import { NSS } from './shared';
import type { ElementForm } from './tariff-form';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface ElementFieldsProps {
  index: number;
  count: number;
  element: ElementForm;
  onChange: (element: ElementForm) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
  /** The message for a field path (`definition.elements.0.time.priceCents`), if it has a problem. */
  error: (field: string) => string | undefined;
  readOnly: boolean;
}

export function ElementFields({
  index,
  count,
  element,
  onChange,
  onRemove,
  onMove,
  error,
  readOnly,
}: ElementFieldsProps) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const base = `definition.elements.${index}`;
  const set = <K extends keyof ElementForm>(key: K, value: ElementForm[K]) =>
    onChange({ ...element, [key]: value });
  const money = (key: 'timePrice' | 'energyPrice' | 'occupancyPrice', label: string, field: string) => (
    <TextField
      label={label}
      value={element[key]}
      onChange={(value) => set(key, value)}
      inputMode="decimal"
      placeholder="0,50"
      isReadOnly={readOnly}
      errorMessage={error(field)}
    />
  );
  const minutes = (
    key: 'timeStep' | 'occupancyStep' | 'occupancyAfter' | 'occupancyGrace' | 'minDuration' | 'maxDuration',
    label: string,
    field: string,
    description?: string,
  ) => (
    <TextField
      label={label}
      value={element[key]}
      onChange={(value) => set(key, value)}
      inputMode="numeric"
      isReadOnly={readOnly}
      description={description}
      errorMessage={error(field)}
    />
  );

  return (
    <FieldGroup legend={t('editor.element', { number: index + 1 })}>
      {error(base) !== undefined && <p className="field-error">{error(base)}</p>}
      <div className="stack">
        <Checkbox
          label={t('editor.timeComponent')}
          checked={element.timeEnabled}
          onChange={(value) => set('timeEnabled', value)}
          isDisabled={readOnly}
        />
        {element.timeEnabled && (
          <div className="row">
            {money('timePrice', t('editor.timePrice'), `${base}.time.priceCents`)}
            {minutes('timeStep', t('editor.stepMinutes'), `${base}.time.stepMinutes`, t('editor.stepHint'))}
          </div>
        )}
        <Checkbox
          label={t('editor.energyComponent')}
          checked={element.energyEnabled}
          onChange={(value) => set('energyEnabled', value)}
          isDisabled={readOnly}
        />
        {element.energyEnabled && (
          <div className="row">
            {money('energyPrice', t('editor.energyPrice'), `${base}.energy.centsPerKwh`)}
          </div>
        )}
        <Checkbox
          label={t('editor.occupancyComponent')}
          checked={element.occupancyEnabled}
          onChange={(value) => set('occupancyEnabled', value)}
          isDisabled={readOnly}
        />
        {element.occupancyEnabled && (
          <>
            <div className="row">
              {money('occupancyPrice', t('editor.occupancyPrice'), `${base}.occupancy.priceCents`)}
              {minutes('occupancyStep', t('editor.stepMinutes'), `${base}.occupancy.stepMinutes`)}
              {minutes('occupancyAfter', t('editor.occupancyAfter'), `${base}.occupancy.afterMinutes`)}
              {minutes('occupancyGrace', t('editor.occupancyGrace'), `${base}.occupancy.graceMinutes`)}
            </div>
            <Checkbox
              label={t('editor.occupancyAfterChargingEnded')}
              checked={element.occupancyAfterChargingEnded}
              onChange={(value) => set('occupancyAfterChargingEnded', value)}
              isDisabled={readOnly}
            />
          </>
        )}
        <FieldGroup legend={t('editor.restrictions')}>
          <p className="field-hint">{t('editor.restrictionsHint')}</p>
          <div className="row">
            {minutes('minDuration', t('editor.minDuration'), `${base}.restrictions.minDurationMinutes`)}
            {minutes('maxDuration', t('editor.maxDuration'), `${base}.restrictions.maxDurationMinutes`)}
          </div>
          <div className="row">
            <NativeField
              type="time"
              label={t('editor.startTime')}
              value={element.startTime}
              onChange={(value) => set('startTime', value)}
              isReadOnly={readOnly}
              errorMessage={error(`${base}.restrictions.startTime`)}
            />
            <NativeField
              type="time"
              label={t('editor.endTime')}
              value={element.endTime}
              onChange={(value) => set('endTime', value)}
              isReadOnly={readOnly}
              errorMessage={error(`${base}.restrictions.endTime`)}
            />
            <NativeField
              type="date"
              label={t('editor.startDate')}
              value={element.startDate}
              onChange={(value) => set('startDate', value)}
              isReadOnly={readOnly}
              errorMessage={error(`${base}.restrictions.startDate`)}
            />
            <NativeField
              type="date"
              label={t('editor.endDate')}
              value={element.endDate}
              onChange={(value) => set('endDate', value)}
              isReadOnly={readOnly}
              errorMessage={error(`${base}.restrictions.endDate`)}
            />
          </div>
          <FieldGroup legend={t('editor.weekdays')}>
            <div className="weekday-row">
              {WEEKDAYS.map((day) => (
                <Checkbox
                  key={day}
                  label={t(`weekdays.${day}`)}
                  checked={element.weekdays.includes(day)}
                  isDisabled={readOnly}
                  onChange={(checked) =>
                    set(
                      'weekdays',
                      checked
                        ? [...element.weekdays, day].sort((a, b) => a - b)
                        : element.weekdays.filter((d) => d !== day),
                    )
                  }
                />
              ))}
            </div>
            {error(`${base}.restrictions.weekdays`) !== undefined && (
              <p className="field-error">{error(`${base}.restrictions.weekdays`)}</p>
            )}
          </FieldGroup>
        </FieldGroup>
        {!readOnly && (
          <div className="form-actions">
            <Button onPress={() => onMove(-1)} isDisabled={index === 0}>
              {t('editor.moveUp', { number: index + 1 })}
            </Button>
            <Button onPress={() => onMove(1)} isDisabled={index === count - 1}>
              {t('editor.moveDown', { number: index + 1 })}
            </Button>
            <Button variant="danger" onPress={onRemove} isDisabled={count === 1}>
              {t('editor.removeElement', { number: index + 1 })}
            </Button>
          </div>
        )}
      </div>
    </FieldGroup>
  );
}
