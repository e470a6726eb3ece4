import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import {
  Button,
  Checkbox,
  ConfirmDialog,
  DateTime,
  ErrorNotice,
  Notice,
  PageHeader,
  QueryState,
  Section,
  StatusBadge,
} from '../../ui';
import { useAccountsAccess } from './access';
import { AddCardDialog } from './AddCardDialog';
import { CardsTable } from './CardsTable';
import { DetailState } from './DetailState';
import { FormDialog } from '../../ui/FormDialog';
import { userStatusTone } from './labels';
import { nameOf, useCompanies, useGroups } from './lookups';
import { PayerAccountPanel } from './PayerAccountPanel';
import type { Card, User } from './types';
import { userBody, userFormOf, EMPTY_USER_FORM } from './user-form';
import { UserFields } from './UserFields';

/** The answer of POST /users/{userId}/invitation. */
interface Invitation {
  sentTo: string;
  expiresAt: string;
  mailStatus: 'queued' | 'logged';
}

const REFRESH = ['/users', '/accounts', '/companies', '/user-groups'];

/** Sends the portal invitation (a link to choose a password) to the user's e-mail address. */
function InviteButton({ user }: { user: User }) {
  const { t } = useTranslation('accounts');
  const [state, setState] = useState<{ sent: Invitation | null; error: unknown }>({
    sent: null,
    error: null,
  });
  const [busy, setBusy] = useState(false);
  const invite = async () => {
    setBusy(true);
    setState({ sent: null, error: null });
    try {
      const sent = await api.post<Invitation>(`/users/${user.id}/invitation`);
      setState({ sent, error: null });
    } catch (error) {
      setState({ sent: null, error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <div className="row">
        <Button onPress={() => void invite()} isDisabled={busy}>
          {user.hasPortalLogin ? t('invite.again') : t('invite.button')}
        </Button>
      </div>
      {state.sent !== null && (
        <Notice tone="success">
          {t('invite.sent', { email: state.sent.sentTo })} {t('invite.validUntil')}{' '}
          <DateTime value={state.sent.expiresAt} />.
          {state.sent.mailStatus === 'logged' && <> {t('invite.mailLogged')}</>}
        </Notice>
      )}
      <ErrorNotice error={state.error} />
    </div>
  );
}

/** Shows the click at once and goes back to the stored value when the server refuses. */
function CompanyAdminToggle({ user }: { user: User }) {
  const { t } = useTranslation('accounts');
  const [checked, setChecked] = useState(user.companyAdmin);
  const patch = useApiMutation(
    (companyAdmin: boolean) => api.patch<User>(`/users/${user.id}`, { companyAdmin }),
    REFRESH,
  );
  useEffect(() => setChecked(user.companyAdmin), [user.companyAdmin]);
  return (
    <>
      <Checkbox
        label={t('users.companyAdminLabel')}
        checked={checked}
        isDisabled={patch.isPending}
        onChange={(next) => {
          setChecked(next);
          patch.mutate(next, { onError: () => setChecked(user.companyAdmin) });
        }}
      />
      {patch.isSuccess && <Notice tone="success">{t('saved', { ns: 'common' })}</Notice>}
      <ErrorNotice error={patch.error} />
    </>
  );
}

function UserDetails({ user }: { user: User }) {
  const { t } = useTranslation('accounts');
  const access = useAccountsAccess();
  const groups = useGroups();
  const companies = useCompanies();
  const navigate = useNavigate();
  const [form, setForm] = useState(EMPTY_USER_FORM);
  const patch = useApiMutation(
    (body: Record<string, unknown>) => api.patch<User>(`/users/${user.id}`, body),
    REFRESH,
  );
  const remove = useApiMutation(() => api.delete(`/users/${user.id}`), REFRESH);
  const cards = useApiQuery<Card[]>(`/users/${user.id}/cards`);
  const blocked = user.status === 'blocked';
  const companyName = nameOf(companies.data, user.companyId);
  const address = [user.street, [user.postalCode, user.city].filter(Boolean).join(' '), user.country]
    .filter((part) => part !== null && part !== '')
    .join(', ');

  return (
    <>
      <PageHeader
        title={user.name}
        description={
          <StatusBadge tone={userStatusTone(user.status)}>{t(`userStatus.${user.status}`)}</StatusBadge>
        }
        actions={
          access.manageAccounts ? (
            <>
              <FormDialog
                triggerLabel={t('edit', { ns: 'common' })}
                title={t('users.editTitle', { name: user.name })}
                submitLabel={t('save', { ns: 'common' })}
                onOpen={() => setForm(userFormOf(user))}
                onSubmit={() => patch.mutateAsync(userBody(form))}
              >
                <UserFields form={form} onChange={setForm} />
              </FormDialog>
              <ConfirmDialog
                triggerLabel={blocked ? t('users.unblock') : t('users.block')}
                title={
                  blocked
                    ? t('users.unblockTitle', { name: user.name })
                    : t('users.blockTitle', { name: user.name })
                }
                confirmLabel={blocked ? t('users.unblock') : t('users.block')}
                destructive={!blocked}
                onConfirm={() => patch.mutateAsync({ status: blocked ? 'active' : 'blocked' })}
              >
                <p>{blocked ? t('users.unblockExplain') : t('users.blockExplain')}</p>
              </ConfirmDialog>
              <ConfirmDialog
                triggerLabel={t('delete', { ns: 'common' })}
                title={t('users.deleteTitle', { name: user.name })}
                confirmLabel={t('delete', { ns: 'common' })}
                destructive
                onConfirm={async () => {
                  await remove.mutateAsync(undefined);
                  await navigate('/users');
                }}
              >
                <p>{t('users.deleteExplain')}</p>
              </ConfirmDialog>
            </>
          ) : undefined
        }
      />
      <p>
        <Link to="/users">{t('users.back')}</Link>
      </p>
      <Section title={t('users.details')}>
        <dl className="facts">
          <dt>{t('fields.email')}</dt>
          <dd>{user.email ?? '–'}</dd>
          <dt>{t('fields.phone')}</dt>
          <dd>{user.phone ?? '–'}</dd>
          <dt>{t('fields.locale')}</dt>
          <dd>{t(`locales.${user.locale}`)}</dd>
          <dt>{t('fields.address')}</dt>
          <dd>{address === '' ? '–' : address}</dd>
          <dt>{t('fields.group')}</dt>
          <dd>
            {user.groupId === null ? (
              '–'
            ) : (
              <Link to={`/user-groups/${user.groupId}`}>{nameOf(groups.data, user.groupId) ?? '…'}</Link>
            )}
          </dd>
          <dt>{t('fields.company')}</dt>
          <dd>
            {user.companyId === null ? (
              '–'
            ) : (
              <Link to={`/companies/${user.companyId}`}>{companyName ?? '…'}</Link>
            )}
          </dd>
          <dt>{t('users.billing')}</dt>
          <dd>
            {user.companyId !== null
              ? t('users.billedToCompany')
              : user.accountNumber !== null
                ? t('users.ownAccount', { number: user.accountNumber })
                : t('users.noPayer')}
          </dd>
          <dt>{t('users.portalLogin')}</dt>
          <dd>{user.hasPortalLogin ? t('users.portalLoginYes') : t('users.portalLoginNo')}</dd>
          <dt>{t('users.created')}</dt>
          <dd>
            <DateTime value={user.createdAt} />
          </dd>
        </dl>
      </Section>
      {user.companyId !== null && (
        <Section title={t('users.companyAdmin')}>
          <p>{t('users.companyAdminExplain', { company: companyName ?? '' })}</p>
          {access.manageAccounts ? (
            <>
              <CompanyAdminToggle user={user} />
            </>
          ) : (
            <p>{user.companyAdmin ? t('users.isCompanyAdmin') : t('users.isNotCompanyAdmin')}</p>
          )}
        </Section>
      )}
      {access.manageAccounts && (
        <Section title={t('invite.title')}>
          {user.email === null ? (
            <p>{t('invite.noEmail')}</p>
          ) : (
            <>
              <p>{user.hasPortalLogin ? t('invite.hasLogin') : t('invite.explain', { email: user.email })}</p>
              <InviteButton user={user} />
            </>
          )}
        </Section>
      )}
      <Section
        title={t('cards.title')}
        actions={access.manageCards ? <AddCardDialog holder={{ userId: user.id }} /> : undefined}
      >
        <QueryState query={cards}>
          {(rows) => <CardsTable cards={rows} caption={t('cards.ofUser', { name: user.name })} />}
        </QueryState>
      </Section>
      {access.readMoney && (
        <Section title={t('users.payerAccount')}>
          {user.billedAccountId === null ? (
            <p>{t('users.noPayerExplain')}</p>
          ) : (
            <>
              {user.companyId !== null && <p>{t('users.memberBilled', { company: companyName ?? '' })}</p>}
              <PayerAccountPanel accountId={user.billedAccountId} />
            </>
          )}
        </Section>
      )}
    </>
  );
}

export function UserDetailPage() {
  const { t } = useTranslation('accounts');
  const { userId = '' } = useParams();
  const user = useApiQuery<User>(`/users/${userId}`);
  return (
    <DetailState query={user} what={t('users.one')} back={{ to: '/users', label: t('users.back') }}>
      {(data) => <UserDetails user={data} />}
    </DetailState>
  );
}
