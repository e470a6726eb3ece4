import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import {
  cancelledInvoices,
  runRefusal,
  carrierChargesQuery,
  documentsQuery,
  NO_CARRIER_FILTERS,
  NO_DOCUMENT_FILTERS,
} from './query';

describe('document filters → query', () => {
  it('asks for a month as the period and leaves the days out', () => {
    expect(
      documentsQuery({ ...NO_DOCUMENT_FILTERS, month: '2025-03', fromDay: '2025-01-01', kind: 'invoice' }),
    ).toEqual({
      kind: 'invoice',
      accountId: '',
      q: '',
      period: '2025-03',
    });
  });

  it('asks for inclusive Berlin days when no month is set, and a trimmed search', () => {
    expect(
      documentsQuery({ ...NO_DOCUMENT_FILTERS, fromDay: '2025-03-01', toDay: '2025-03-31', q: ' RE-2025 ' }),
    ).toEqual({
      kind: '',
      accountId: '',
      q: 'RE-2025',
      from: '2025-02-28T23:00:00.000Z',
      to: '2025-03-31T22:00:00.000Z',
    });
  });

  it('ignores a half-typed month rather than send it', () => {
    expect(documentsQuery({ ...NO_DOCUMENT_FILTERS, month: '2025-1' })).not.toHaveProperty('period');
  });
});

describe('carrier charge filters → query', () => {
  it('passes the status and the days', () => {
    expect(carrierChargesQuery({ ...NO_CARRIER_FILTERS, status: 'failed', toDay: '2025-07-31' })).toEqual({
      status: 'failed',
      to: '2025-07-31T22:00:00.000Z',
    });
  });
});

describe('cancelled invoices', () => {
  it('maps each cancelled invoice to the number of its cancellation', () => {
    expect(
      cancelledInvoices([
        { number: 'RE-2025-000001', cancelsId: null },
        { number: 'ST-2025-000001', cancelsId: 'invoice-1' },
      ]),
    ).toEqual(new Map([['invoice-1', 'ST-2025-000001']]));
  });
});

describe('run refusals', () => {
  const t = (key: string, values?: Record<string, string>) => `${key} ${JSON.stringify(values ?? {})}`;

  it('says in words that the month is not over', () => {
    const error = new ApiError(422, 'validation_failed', 'The month 2026-11 is not over yet', {
      field: 'month',
    });
    expect(runRefusal(error, '2026-11', t).message).toBe('runs.notOver {"month":"2026-11"}');
  });

  it('names the missing details, and passes anything else on as the server said it', () => {
    const missing = new ApiError(422, 'validation_failed', 'x', {
      missing: ['PLATFORM_STREET', 'PLATFORM_CITY'],
    });
    expect(runRefusal(missing, '2025-01', t).message).toBe(
      'runs.refusedMissing {"fields":"PLATFORM_STREET, PLATFORM_CITY"}',
    );
    const other = new ApiError(403, 'forbidden', 'Your role may not do this');
    expect(runRefusal(other, '2025-01', t)).toBe(other);
  });
});
