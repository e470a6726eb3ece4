import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { TextField } from '../../ui';
import { FormDialog } from '../../ui/FormDialog';
import { checkPosting, postingPath, type PostingKind } from './posting';
import type { Posting } from './types';

/**
 * A top-up, refund or balance correction. Each opening gets its own idempotency key, so a double
 * click or a retried request books once.
 */
export function PostingDialog({
  accountId,
  kind,
  onPosted,
}: {
  accountId: string;
  kind: PostingKind;
  onPosted: (posting: Posting) => void;
}) {
  const { t } = useTranslation('accounts');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<{ field: 'amount' | 'note'; text: string } | null>(null);
  const [key, setKey] = useState('');
  const post = useApiMutation(
    (body: Record<string, unknown>) => api.post<Posting>(postingPath(kind, accountId), body),
    [`/accounts/${accountId}`, '/accounts'],
  );
  return (
    <FormDialog
      triggerLabel={t(`posting.${kind}.button`)}
      triggerVariant={kind === 'topUp' ? 'primary' : 'secondary'}
      title={t(`posting.${kind}.title`)}
      submitLabel={t(`posting.${kind}.submit`)}
      onOpen={() => {
        setAmount('');
        setNote('');
        setProblem(null);
        setKey(crypto.randomUUID());
      }}
      onSubmit={async () => {
        const check = checkPosting(kind, amount, note);
        if (!check.ok) {
          const text = t(`posting.problems.${check.problem}`);
          setProblem({ field: check.field, text });
          throw new Error(text);
        }
        setProblem(null);
        const posting = await post.mutateAsync({
          amountCents: check.amountCents,
          note: check.note,
          idempotencyKey: key,
        });
        onPosted(posting);
      }}
    >
      <p>{t(`posting.${kind}.explain`)}</p>
      <TextField
        label={t('posting.amount')}
        description={kind === 'correction' ? t('posting.amountSignedHint') : t('posting.amountHint')}
        inputMode="decimal"
        value={amount}
        onChange={setAmount}
        isRequired
        autoFocus
        errorMessage={problem?.field === 'amount' ? problem.text : undefined}
      />
      <TextField
        label={kind === 'correction' ? t('posting.noteRequired') : t('posting.note')}
        value={note}
        onChange={setNote}
        isRequired={kind === 'correction'}
        errorMessage={problem?.field === 'note' ? problem.text : undefined}
      />
    </FormDialog>
  );
}
