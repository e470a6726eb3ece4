import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useFilterState } from './use-filter-state';

describe('the state of a filtered list', () => {
  it('applies the draft only on apply, and starts again at the first page', () => {
    const { result } = renderHook(() => useFilterState({ q: '' }, 20, 50));
    act(() => result.current.setDraft({ q: 'P20' }));
    act(() => result.current.more());
    expect(result.current.filters).toEqual({ q: '' });
    expect(result.current.limit).toBe(40);
    act(() => result.current.apply());
    expect(result.current.filters).toEqual({ q: 'P20' });
    expect(result.current.limit).toBe(20);
  });

  it('shows more rows up to the maximum, and reset clears draft and filters', () => {
    const { result } = renderHook(() => useFilterState({ q: '' }, 20, 50));
    act(() => result.current.more());
    act(() => result.current.more());
    act(() => result.current.more());
    expect(result.current.limit).toBe(50);
    act(() => result.current.setDraft({ q: 'x' }));
    act(() => result.current.apply());
    act(() => result.current.reset());
    expect(result.current.draft).toEqual({ q: '' });
    expect(result.current.filters).toEqual({ q: '' });
    expect(result.current.limit).toBe(20);
  });
});
