import { useState } from 'react';

/**
 * The state of a filtered list: what the person is typing (`draft`), what the list shows
 * (`filters`, applied on submit so typing does not refetch per key) and how many rows it shows.
 */
export function useFilterState<T>(empty: T, pageSize: number, maxRows = Number.POSITIVE_INFINITY) {
  const [draft, setDraft] = useState<T>(empty);
  const [filters, setFilters] = useState<T>(empty);
  const [limit, setLimit] = useState(pageSize);
  return {
    draft,
    setDraft,
    filters,
    limit,
    apply: () => {
      setFilters(draft);
      setLimit(pageSize);
    },
    reset: () => {
      setDraft(empty);
      setFilters(empty);
      setLimit(pageSize);
    },
    more: () => setLimit((shown) => Math.min(maxRows, shown + pageSize)),
  };
}
