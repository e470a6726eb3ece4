/** The "for whom" of a price event or discount: everybody, a user, a user group, a station or a station group. */
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../ui';
import { NSS, RULE_TARGET_KINDS, useRuleTargets } from './shared';
import type { RuleTargetKind } from './types';

export function RuleTargetFields({
  kind,
  targetId,
  onChange,
  error,
}: {
  kind: RuleTargetKind;
  targetId: string;
  onChange: (kind: RuleTargetKind, targetId: string) => void;
  error?: string;
}) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const options = useRuleTargets(kind);
  return (
    <div className="row">
      <SelectField
        label={t('rules.targetKind')}
        value={kind}
        onChange={(next) => onChange(next as RuleTargetKind, '')}
        options={RULE_TARGET_KINDS.map((k) => ({ value: k, label: t(`ruleTargets.${k}`) }))}
      />
      {kind !== 'all' && (
        <SelectField
          label={t(`ruleTargets.${kind}`)}
          value={targetId}
          onChange={(next) => onChange(kind, next)}
          emptyLabel={t('choose')}
          isRequired
          options={options}
          description={error}
        />
      )}
    </div>
  );
}
