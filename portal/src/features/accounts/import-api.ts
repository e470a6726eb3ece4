/** POST /users/import sends the CSV file itself (text/csv), which the JSON client does not do. */
import { ApiError, apiUrl } from '../../api/client';
import type { ImportReport } from './types';

export async function importUsersCsv(csv: string, dryRun: boolean): Promise<ImportReport> {
  const response = await fetch(apiUrl('/users/import', { dryRun }), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' },
    body: csv,
  });
  if (response.ok) return (await response.json()) as ImportReport;
  let problem: { code?: string; detail?: string; title?: string; details?: Record<string, unknown> } = {};
  try {
    problem = (await response.json()) as typeof problem;
  } catch {
    // Not problem+json: the status says enough.
  }
  throw new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.detail ?? problem.title ?? response.statusText,
    problem.details,
  );
}
