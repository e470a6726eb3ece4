/**
 * React Query over the API client. Query keys start with the API path, so a mutation can
 * invalidate everything under a path (e.g. ['/stations']) and live events can refresh what they touch.
 */
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { api, type ApiError, type Query } from './client';

export function useApiQuery<T>(
  path: string | null,
  query?: Query,
  options?: Omit<UseQueryOptions<T, ApiError>, 'queryKey' | 'queryFn'>,
) {
  return useQuery<T, ApiError>({
    queryKey: [path, query ?? {}],
    queryFn: () => api.get<T>(path!, query),
    enabled: path !== null && (options?.enabled ?? true),
    ...options,
  });
}

/** A write that refreshes the listed path prefixes afterwards. */
export function useApiMutation<TInput, TResult = unknown>(
  run: (input: TInput) => Promise<TResult>,
  invalidate: readonly string[] = [],
) {
  const client = useQueryClient();
  return useMutation<TResult, ApiError, TInput>({
    mutationFn: run,
    onSuccess: async () => {
      await Promise.all(invalidate.map((prefix) => invalidatePath(client, prefix)));
    },
  });
}

/** Invalidate every query whose path starts with `prefix`. */
export function invalidatePath(client: ReturnType<typeof useQueryClient>, prefix: string): Promise<void> {
  return client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith(prefix),
  });
}
