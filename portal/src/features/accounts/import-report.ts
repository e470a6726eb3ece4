/** The CSV import's problems, one entry per line of the file, for the report table. */
import { ApiError } from '../../api/client';
import type { ImportProblem } from './types';

export interface LineProblems {
  line: number;
  problems: { column: string | null; reason: string }[];
}

export function problemsByLine(problems: readonly ImportProblem[]): LineProblems[] {
  const lines = new Map<number, LineProblems>();
  for (const problem of problems) {
    const entry = lines.get(problem.line) ?? { line: problem.line, problems: [] };
    entry.problems.push({ column: problem.column ?? null, reason: problem.reason });
    lines.set(problem.line, entry);
  }
  return [...lines.values()].sort((a, b) => a.line - b.line);
}

/** A refused real import (422) carries the same problems as a dry run in `details.problems`. */
export function problemsOfError(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError)) return [];
  const problems = error.details?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter(
    (p): p is ImportProblem =>
      typeof p === 'object' && p !== null && typeof (p as ImportProblem).line === 'number',
  );
}
