import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { problemsByLine, problemsOfError } from './import-report';

describe('the import report', () => {
  it('groups problems by line, in file order', () => {
    expect(
      problemsByLine([
        { line: 4, column: 'email', reason: 'not an e-mail address' },
        { line: 2, column: 'card_uid', reason: 'not hex' },
        { line: 4, reason: 'too many columns' },
      ]),
    ).toEqual([
      { line: 2, problems: [{ column: 'card_uid', reason: 'not hex' }] },
      {
        line: 4,
        problems: [
          { column: 'email', reason: 'not an e-mail address' },
          { column: null, reason: 'too many columns' },
        ],
      },
    ]);
  });

  it("reads a refused import's problems from the API error", () => {
    const error = new ApiError(422, 'validation_failed', '1 row(s) of the file are bad', {
      problems: [{ line: 3, column: 'name', reason: 'required' }, 'junk'],
    });
    expect(problemsOfError(error)).toEqual([{ line: 3, column: 'name', reason: 'required' }]);
    expect(problemsOfError(new Error('x'))).toEqual([]);
    expect(problemsOfError(new ApiError(500, 'internal', 'boom'))).toEqual([]);
  });
});
