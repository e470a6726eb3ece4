import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client';
import { ConfirmDialog, DataTable, DateTime, Duration, Energy, Section, TextField } from '../../ui';
import { DoorBadge, StateBadge } from './Badges';
import { sessionHint } from './state';
import type { ChargePointStatus, Session, StationDetail } from './types';
import { useNow } from './use-now';

type Send = (label: string, body: Record<string, unknown>) => Promise<void>;

/** Each compartment (charge point) live: state, door, running session, and what staff may do. */
export function CompartmentsSection({
  station,
  chargePoints,
  sessions,
  mayCommand,
  send,
}: {
  station: StationDetail;
  chargePoints: ChargePointStatus[];
  sessions: Session[];
  mayCommand: boolean;
  send: Send;
}) {
  const { t } = useTranslation('stations');
  const title = station.kind === 'locker' ? t('detail.compartments') : t('detail.chargePoints');
  const sessionOf = (cp: ChargePointStatus) =>
    cp.activeSessionId === null ? undefined : sessions.find((s) => s.id === cp.activeSessionId);
  return (
    <Section title={title}>
      <DataTable
        caption={t('detail.tableCaption')}
        captionHidden
        rows={chargePoints}
        rowKey={(cp) => cp.id}
        columns={[
          {
            key: 'name',
            header: t('columns.compartment'),
            rowHeader: true,
            render: (cp) => (
              <>
                {cp.shortName}
                <div className="muted">{t('detail.evse', { evseId: cp.evseId })}</div>
              </>
            ),
          },
          {
            key: 'state',
            header: t('columns.state'),
            render: (cp) => (
              <>
                <StateBadge state={cp.state} />
                <div className="muted">
                  {cp.status}
                  {cp.errorCode !== null && cp.errorCode !== 'NoError' ? ` · ${cp.errorCode}` : ''}
                </div>
              </>
            ),
          },
          { key: 'door', header: t('columns.door'), render: (cp) => <DoorBadge door={cp.door} /> },
          {
            key: 'session',
            header: t('columns.session'),
            render: (cp) => <SessionCell session={sessionOf(cp)} hasSession={cp.activeSessionId !== null} />,
          },
          {
            key: 'qr',
            header: t('columns.qr'),
            render: (cp) => (
              <span className="cell-actions">
                <a
                  href={apiUrl(`/charge-points/${cp.id}/qr.png`)}
                  aria-label={t('detail.qrPng', { name: cp.shortName })}
                >
                  PNG
                </a>
                <a
                  href={apiUrl(`/charge-points/${cp.id}/qr.svg`)}
                  aria-label={t('detail.qrSvg', { name: cp.shortName })}
                >
                  SVG
                </a>
              </span>
            ),
          },
          ...(mayCommand
            ? [
                {
                  key: 'actions',
                  header: t('actions'),
                  render: (cp: ChargePointStatus) => (
                    <span className="cell-actions">
                      <UnlockDialog chargePoint={cp} send={send} />
                      {cp.activeSessionId !== null && (
                        <StopDialog chargePoint={cp} session={sessionOf(cp)} send={send} />
                      )}
                      <AvailabilityDialog chargePoint={cp} send={send} />
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Section>
  );
}

function SessionCell({ session, hasSession }: { session: Session | undefined; hasSession: boolean }) {
  const { t } = useTranslation('stations');
  const now = useNow();
  if (session === undefined) return <>{hasSession ? t('session.running') : t('session.none')}</>;
  const hint = sessionHint(session);
  return (
    <div className="session-facts">
      <span>
        {t('session.since')} <DateTime value={session.startedAt} />
      </span>
      <span>
        {t('session.duration')}:{' '}
        <Duration seconds={Math.max(0, Math.floor((now - Date.parse(session.startedAt)) / 1000))} />
      </span>
      <span>
        {t('session.energy')}: <Energy wh={session.energyWh} />
      </span>
      <span>
        {hint.kind === 'card' ? t('session.card', { token: hint.token }) : t(`session.${hint.kind}`)}
      </span>
    </div>
  );
}

function UnlockDialog({ chargePoint, send }: { chargePoint: ChargePointStatus; send: Send }) {
  const { t } = useTranslation('stations');
  const [reason, setReason] = useState('');
  const name = chargePoint.shortName;
  return (
    <ConfirmDialog
      triggerLabel={t('commands.unlock')}
      title={t('commands.unlockTitle', { name })}
      confirmLabel={t('commands.unlockConfirm', { name })}
      destructive
      canConfirm={reason.trim() !== ''}
      onConfirm={async () => {
        await send(t('commands.unlockLabel', { name }), {
          command: 'unlock',
          evseId: chargePoint.evseId,
          reason: reason.trim(),
        });
        setReason('');
      }}
    >
      <p>
        <strong>{t('commands.unlockWarning', { name })}</strong>
      </p>
      <p>{t('commands.unlockAudit')}</p>
      <TextField
        label={t('commands.reason')}
        description={t('commands.reasonHint')}
        value={reason}
        onChange={setReason}
        isRequired
        multiline
      />
    </ConfirmDialog>
  );
}

function StopDialog({
  chargePoint,
  session,
  send,
}: {
  chargePoint: ChargePointStatus;
  session: Session | undefined;
  send: Send;
}) {
  const { t } = useTranslation('stations');
  const name = chargePoint.shortName;
  return (
    <ConfirmDialog
      triggerLabel={t('commands.stop')}
      title={t('commands.stopTitle', { name })}
      confirmLabel={t('commands.stopConfirm')}
      destructive
      isDisabled={session === undefined}
      onConfirm={() =>
        send(t('commands.stopLabel', { name }), {
          command: 'stopSession',
          transactionId: session!.transactionId,
        })
      }
    >
      <p>{t('commands.stopExplain', { name })}</p>
    </ConfirmDialog>
  );
}

function AvailabilityDialog({ chargePoint, send }: { chargePoint: ChargePointStatus; send: Send }) {
  const { t } = useTranslation('stations');
  const name = chargePoint.shortName;
  // A compartment switched off says Unavailable; everything else can be switched off.
  const operative = chargePoint.status === 'Unavailable';
  return (
    <ConfirmDialog
      triggerLabel={operative ? t('commands.enable') : t('commands.disable')}
      title={operative ? t('commands.enableTitle', { name }) : t('commands.disableTitle', { name })}
      confirmLabel={operative ? t('commands.enable') : t('commands.disable')}
      onConfirm={() =>
        send(operative ? t('commands.enableLabel', { name }) : t('commands.disableLabel', { name }), {
          command: 'changeAvailability',
          evseId: chargePoint.evseId,
          operative,
        })
      }
    >
      <p>{operative ? t('commands.enableExplain', { name }) : t('commands.disableExplain', { name })}</p>
    </ConfirmDialog>
  );
}
