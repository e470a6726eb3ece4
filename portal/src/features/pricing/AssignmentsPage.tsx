/**
 * Which tariff applies where: the institution's, a location's, a station group's, a station's and a
 * charge point's own tariff (each level overrides the one above it), and for each charge point the
 * tariff it really gets and where that comes from (GET /charge-points/{id}/tariff).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import {
  Button,
  DataTable,
  ErrorNotice,
  Notice,
  PageHeader,
  QueryState,
  Section,
  SelectField,
} from '../../ui';
import { NSS, useCanManage, useInstitutions } from './shared';
import type {
  AssignmentTargetKind,
  ChargePoint,
  EffectiveTariff,
  Named,
  Station,
  Tariff,
  TariffAssignment,
} from './types';

const PATHS: Record<AssignmentTargetKind, string> = {
  institution: '/institutions',
  location: '/locations',
  station_group: '/station-groups',
  station: '/stations',
  charge_point: '/charge-points',
};

interface Target {
  id: string;
  name: string;
}

function OwnTariff({
  kind,
  target,
  assignment,
  tariffs,
}: {
  kind: AssignmentTargetKind;
  target: Target;
  assignment: TariffAssignment | undefined;
  tariffs: Tariff[];
}) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const canManage = useCanManage();
  const selectId = useId();
  const [choice, setChoice] = useState(assignment?.tariffId ?? '');
  const invalidate = ['/tariff-assignments', '/charge-points'];
  const set = useApiMutation(
    (tariffId: string) => api.put(`${PATHS[kind]}/${target.id}/tariff`, { tariffId }),
    invalidate,
  );
  const remove = useApiMutation(() => api.delete(`${PATHS[kind]}/${target.id}/tariff`), invalidate);
  const current = tariffs.find((tariff) => tariff.id === assignment?.tariffId);
  if (!canManage)
    return (
      <>
        {current === undefined ? (
          <span className="muted-text">{t('assignments.inherits')}</span>
        ) : (
          current.name
        )}
      </>
    );
  return (
    <div className="stack">
      <div className="row">
        <label className="visually-hidden" htmlFor={selectId}>
          {t('assignments.ownTariffOf', { name: target.name })}
        </label>
        <select
          id={selectId}
          className="inline-select"
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
        >
          <option value="">{t('assignments.inherits')}</option>
          {tariffs.map((tariff) => (
            <option key={tariff.id} value={tariff.id}>
              {tariff.active ? tariff.name : `${tariff.name} (${t('inactive')})`}
            </option>
          ))}
        </select>
        <Button
          variant="primary"
          isDisabled={choice === '' || choice === assignment?.tariffId || set.isPending}
          onPress={() => set.mutate(choice)}
          aria-label={t('assignments.setFor', { name: target.name })}
        >
          {t('assignments.set')}
        </Button>
        {assignment !== undefined && (
          <Button
            onPress={() => remove.mutate(undefined, { onSuccess: () => setChoice('') })}
            isDisabled={remove.isPending}
            aria-label={t('assignments.removeFor', { name: target.name })}
          >
            {t('assignments.remove')}
          </Button>
        )}
      </div>
      <ErrorNotice error={set.error ?? remove.error} />
    </div>
  );
}

function LevelTable({
  kind,
  title,
  targets,
  assignments,
  tariffs,
}: {
  kind: AssignmentTargetKind;
  title: string;
  targets: Target[];
  assignments: TariffAssignment[];
  tariffs: Tariff[];
}) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  return (
    <Section title={title}>
      <DataTable
        caption={t('assignments.tableCaption', { level: title })}
        captionHidden
        rows={targets}
        rowKey={(row) => row.id}
        empty={t('assignments.none')}
        columns={[
          { key: 'name', header: t('name'), rowHeader: true, render: (row) => row.name },
          {
            key: 'tariff',
            header: t('assignments.ownTariff'),
            render: (row) => (
              <OwnTariff
                key={assignments.find((a) => a.targetId === row.id)?.tariffId ?? 'none'}
                kind={kind}
                target={row}
                assignment={assignments.find((a) => a.targetKind === kind && a.targetId === row.id)}
                tariffs={tariffs}
              />
            ),
          },
        ]}
      />
    </Section>
  );
}

function EffectiveCell({ chargePointId, names }: { chargePointId: string; names: Map<string, string> }) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const effective = useApiQuery<EffectiveTariff>(`/charge-points/${chargePointId}/tariff`);
  if (effective.isPending) return <>…</>;
  if (effective.isError) return <ErrorNotice error={effective.error} />;
  const { tariff, source } = effective.data;
  if (tariff === null || source === null)
    return <span className="badge badge-error">{t('assignments.noTariff')}</span>;
  return (
    <>
      <Link to={`/tariffs/${tariff.id}`}>{tariff.name}</Link>{' '}
      <span className="muted-text">
        {source.kind === 'charge_point'
          ? t('assignments.fromOwn')
          : t('assignments.from', {
              level: t(`targetKinds.${source.kind}`),
              name: names.get(source.id) ?? '',
            })}
      </span>
    </>
  );
}

export function AssignmentsPage() {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const session = useSession();
  const institutions = useInstitutions();
  const [chosenInstitution, setChosenInstitution] = useState('');
  const institutionId = session.institutionId ?? (chosenInstitution !== '' ? chosenInstitution : null);
  const scoped = institutionId === null ? undefined : { institutionId };
  const tariffs = useApiQuery<Tariff[]>(institutionId === null ? null : '/tariffs', scoped);
  const assignments = useApiQuery<TariffAssignment[]>(
    institutionId === null ? null : '/tariff-assignments',
    scoped,
  );
  const locations = useApiQuery<Named[]>(institutionId === null ? null : '/locations', scoped);
  const groups = useApiQuery<Named[]>(institutionId === null ? null : '/station-groups', scoped);
  const stations = useApiQuery<Station[]>(institutionId === null ? null : '/stations', {
    ...scoped,
    limit: 1000,
  });
  const [stationId, setStationId] = useState('');
  const station = stationId !== '' ? stationId : (stations.data?.[0]?.id ?? '');
  const chargePoints = useApiQuery<ChargePoint[]>(
    station === '' ? null : `/stations/${station}/charge-points`,
  );

  const institution = (institutions.data ?? []).find((i) => i.id === institutionId);
  const stationName = (s: Station) => s.name ?? s.chargeBoxId;
  const names = new Map<string, string>();
  if (institution !== undefined) names.set(institution.id, institution.name);
  for (const row of [...(locations.data ?? []), ...(groups.data ?? [])]) names.set(row.id, row.name);
  for (const s of stations.data ?? []) names.set(s.id, stationName(s));

  return (
    <>
      <PageHeader
        title={t('assignments.title')}
        description={t('assignments.description')}
        actions={<Link to="/tariffs">{t('tariffs.back')}</Link>}
      />
      {session.institutionId === null && (
        <SelectField
          label={t('institution')}
          value={chosenInstitution}
          onChange={setChosenInstitution}
          emptyLabel={t('choose')}
          options={(institutions.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
        />
      )}
      {institutionId === null ? (
        <Notice tone="info">{t('assignments.chooseInstitution')}</Notice>
      ) : (
        <QueryState query={tariffs}>
          {(tariffRows) => (
            <QueryState query={assignments}>
              {(assignmentRows) => (
                <>
                  <LevelTable
                    kind="institution"
                    title={t('assignments.levels.institution')}
                    targets={
                      institution === undefined ? [] : [{ id: institution.id, name: institution.name }]
                    }
                    assignments={assignmentRows}
                    tariffs={tariffRows}
                  />
                  <LevelTable
                    kind="location"
                    title={t('assignments.levels.location')}
                    targets={locations.data ?? []}
                    assignments={assignmentRows}
                    tariffs={tariffRows}
                  />
                  <LevelTable
                    kind="station_group"
                    title={t('assignments.levels.station_group')}
                    targets={groups.data ?? []}
                    assignments={assignmentRows}
                    tariffs={tariffRows}
                  />
                  <LevelTable
                    kind="station"
                    title={t('assignments.levels.station')}
                    targets={(stations.data ?? []).map((s) => ({ id: s.id, name: stationName(s) }))}
                    assignments={assignmentRows}
                    tariffs={tariffRows}
                  />
                  <Section title={t('assignments.levels.charge_point')}>
                    <p className="field-hint">{t('assignments.chargePointHint')}</p>
                    <SelectField
                      label={t('assignments.station')}
                      value={station}
                      onChange={setStationId}
                      options={(stations.data ?? []).map((s) => ({ value: s.id, label: stationName(s) }))}
                    />
                    <QueryState query={chargePoints}>
                      {(rows) => (
                        <DataTable
                          caption={t('assignments.tableCaption', {
                            level: t('assignments.levels.charge_point'),
                          })}
                          captionHidden
                          rows={rows}
                          rowKey={(row) => row.id}
                          empty={t('assignments.none')}
                          columns={[
                            {
                              key: 'name',
                              header: t('name'),
                              rowHeader: true,
                              render: (row) => row.shortName,
                            },
                            {
                              key: 'own',
                              header: t('assignments.ownTariff'),
                              render: (row) => (
                                <OwnTariff
                                  key={assignmentRows.find((a) => a.targetId === row.id)?.tariffId ?? 'none'}
                                  kind="charge_point"
                                  target={{ id: row.id, name: row.shortName }}
                                  assignment={assignmentRows.find(
                                    (a) => a.targetKind === 'charge_point' && a.targetId === row.id,
                                  )}
                                  tariffs={tariffRows}
                                />
                              ),
                            },
                            {
                              key: 'effective',
                              header: t('assignments.effective'),
                              render: (row) => <EffectiveCell chargePointId={row.id} names={names} />,
                            },
                          ]}
                        />
                      )}
                    </QueryState>
                  </Section>
                </>
              )}
            </QueryState>
          )}
        </QueryState>
      )}
    </>
  );
}
