import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { Button, DateTime, QueryState, StatusBadge } from '../../ui';
import { authorizationTone, reasonKey } from './labels';
import type { Card, CardAuthorization } from './types';

function AuthorizationAnswer({ card }: { card: Card }) {
  const { t } = useTranslation('accounts');
  // Asked afresh each time the dialog opens: the answer is about "now".
  const query = useApiQuery<CardAuthorization>(`/auth-tokens/${card.id}/authorization`, undefined, {
    staleTime: 0,
    gcTime: 0,
  });
  return (
    <QueryState query={query}>
      {(answer) => {
        const key = reasonKey(answer.reason);
        return (
          <dl className="facts">
            <dt>{t('authorization.status')}</dt>
            <dd>
              <StatusBadge tone={authorizationTone(answer.status)}>
                {t(`authorization.statuses.${answer.status}`, { defaultValue: answer.status })}
              </StatusBadge>
            </dd>
            <dt>{t('authorization.reason')}</dt>
            <dd>{key === null ? answer.reason : t(key)}</dd>
            {answer.expiresAt !== null && (
              <>
                <dt>{t('authorization.validUntil')}</dt>
                <dd>
                  <DateTime value={answer.expiresAt} />
                </dd>
              </>
            )}
          </dl>
        );
      }}
    </QueryState>
  );
}

/** "May this card charge now, and why?" — the same decision a card station would get. */
export function AuthorizationDialog({ card }: { card: Card }) {
  const { t } = useTranslation('accounts');
  return (
    <DialogTrigger>
      <Button>{t('authorization.check')}</Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{t('authorization.title', { card: card.value })}</Heading>
                <div className="dialog-body">
                  <p>{t('authorization.explain')}</p>
                  <AuthorizationAnswer card={card} />
                </div>
                <div className="dialog-actions">
                  <Button variant="primary" onPress={close}>
                    {t('close', { ns: 'common' })}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
