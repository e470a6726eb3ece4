import { useState, type ReactNode } from 'react';
import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { ErrorNotice } from './Notice';
import { useDialogAction } from './use-dialog-action';

export interface ConfirmDialogProps {
  /** The button that opens the dialog. */
  triggerLabel: string;
  title: string;
  /** Explanation and fields (e.g. a reason) shown in the dialog. */
  children?: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  /** Confirm stays disabled while false (e.g. no reason given yet). */
  canConfirm?: boolean;
  isDisabled?: boolean;
  /** Runs on confirm; the dialog closes when it resolves and shows the error when it throws. */
  onConfirm: () => Promise<unknown>;
}

/** A modal that asks before doing something that matters (focus trapped, Escape cancels). */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { busy, error, run: confirm, clearError } = useDialogAction(props.onConfirm);
  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) clearError();
      }}
    >
      <Button variant={props.destructive === true ? 'danger' : 'secondary'} isDisabled={props.isDisabled}>
        {props.triggerLabel}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable={!busy}>
        <Modal className="modal">
          <Dialog className="dialog" role="alertdialog">
            {({ close }) => (
              <>
                <Heading slot="title">{props.title}</Heading>
                <div className="dialog-body">{props.children}</div>
                <ErrorNotice error={error} />
                <div className="dialog-actions">
                  <Button onPress={close} isDisabled={busy}>
                    {t('cancel')}
                  </Button>
                  <Button
                    variant={props.destructive === true ? 'danger' : 'primary'}
                    isDisabled={busy || props.canConfirm === false}
                    onPress={() => void confirm(close)}
                  >
                    {props.confirmLabel}
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
