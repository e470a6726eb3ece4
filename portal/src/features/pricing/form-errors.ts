import { ApiError } from '../../api/client';
import { apiFieldErrors, type FieldErrors } from './tariff-form';

/** A refused write as field errors (422 naming fields) for the form's fields; empty otherwise. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (error instanceof ApiError && error.status === 422) return apiFieldErrors(error.details, error.detail);
  return {};
}
