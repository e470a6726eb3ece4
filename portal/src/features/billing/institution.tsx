import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { SelectField } from '../../ui';
import type { Institution } from './types';

/**
 * The institution a billing page acts in: the staff member's own; a platform admin (no institution)
 * picks one, since invoices and profiles belong to exactly one.
 */
export function useInstitutionChoice(): { institutionId: string | null; picker: React.ReactNode } {
  const { t } = useTranslation('billing');
  const session = useSession();
  const own = session.institutionId;
  const [chosen, setChosen] = useState('');
  const institutions = useApiQuery<Institution[]>(own === null ? '/institutions' : null);
  if (own !== null) return { institutionId: own, picker: null };
  return {
    institutionId: chosen === '' ? null : chosen,
    picker: (
      <SelectField
        label={t('institution')}
        value={chosen}
        onChange={setChosen}
        emptyLabel={t('chooseInstitution')}
        options={(institutions.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
      />
    ),
  };
}
