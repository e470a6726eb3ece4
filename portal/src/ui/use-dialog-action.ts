import { useState } from 'react';

/**
 * The action behind a dialog's main button: busy while it runs, the dialog closes when it
 * resolves, and its error stays in the dialog when it throws (nothing typed is lost).
 */
export function useDialogAction(action: () => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (close: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      close();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clearError: () => setError(null) };
}
