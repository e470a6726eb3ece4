/** The company form's state and the request body it becomes (empty fields are sent as null). */
import type { Company } from './types';

export interface CompanyFormState {
  name: string;
  email: string;
  vatId: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  strategyId: string;
}

export const EMPTY_COMPANY_FORM: CompanyFormState = {
  name: '',
  email: '',
  vatId: '',
  street: '',
  postalCode: '',
  city: '',
  country: 'DE',
  strategyId: '',
};

export function companyFormOf(company: Company): CompanyFormState {
  return {
    name: company.name,
    email: company.email ?? '',
    vatId: company.vatId ?? '',
    street: company.street ?? '',
    postalCode: company.postalCode ?? '',
    city: company.city ?? '',
    country: company.country,
    strategyId: company.strategyId,
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The strategy is sent only when chosen (those without pricing:read cannot see the list). */
export function companyBody(form: CompanyFormState): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: form.name.trim(),
    email: orNull(form.email),
    vatId: orNull(form.vatId),
    street: orNull(form.street),
    postalCode: orNull(form.postalCode),
    city: orNull(form.city),
    country: form.country.trim() === '' ? 'DE' : form.country.trim().toUpperCase(),
  };
  if (form.strategyId !== '') body.strategyId = form.strategyId;
  return body;
}
