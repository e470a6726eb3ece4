import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { ErrorNotice } from './Notice';
import { useDialogAction } from './use-dialog-action';

export interface FormDialogProps {
  triggerLabel: string;
  triggerVariant?: 'primary' | 'secondary' | 'danger';
  title: string;
  submitLabel: string;
  /** The fields; rendered again each time the dialog opens. */
  children: ReactNode;
  /** Runs on submit; the dialog closes when it resolves and shows the error when it throws. */
  onSubmit: () => Promise<unknown>;
  /** Called when the dialog opens, e.g. to fill the fields with the current values. */
  onOpen?: () => void;
  isDisabled?: boolean;
}

/**
 * A modal form (focus trapped, Escape cancels, Enter submits): the way creating and editing works
 * across the portal, so a keyboard user meets one pattern.
 */
export function FormDialog(props: FormDialogProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { busy, error, run, clearError } = useDialogAction(props.onSubmit);
  const submit = async (event: FormEvent, close: () => void) => {
    event.preventDefault();
    await run(close);
  };
  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          clearError();
          props.onOpen?.();
        }
      }}
    >
      <Button variant={props.triggerVariant ?? 'secondary'} isDisabled={props.isDisabled}>
        {props.triggerLabel}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable={!busy}>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <form onSubmit={(event) => void submit(event, close)} noValidate>
                <Heading slot="title">{props.title}</Heading>
                <div className="dialog-body">{props.children}</div>
                <ErrorNotice error={error} />
                <div className="dialog-actions">
                  <Button onPress={close} isDisabled={busy}>
                    {t('cancel')}
                  </Button>
                  <Button type="submit" variant="primary" isDisabled={busy}>
                    {props.submitLabel}
                  </Button>
                </div>
              </form>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
