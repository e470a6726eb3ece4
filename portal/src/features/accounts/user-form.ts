/** The user form's state and the request body it becomes (empty fields are sent as null). */
import type { User } from './types';

export interface UserFormState {
  name: string;
  email: string;
  phone: string;
  locale: 'de' | 'en';
  street: string;
  postalCode: string;
  city: string;
  country: string;
  groupId: string;
  companyId: string;
  /** The own account's strategy; only without a company (members are billed to the company). */
  strategyId: string;
}

export const EMPTY_USER_FORM: UserFormState = {
  name: '',
  email: '',
  phone: '',
  locale: 'de',
  street: '',
  postalCode: '',
  city: '',
  country: 'DE',
  groupId: '',
  companyId: '',
  strategyId: '',
};

export function userFormOf(user: User): UserFormState {
  return {
    name: user.name,
    email: user.email ?? '',
    phone: user.phone ?? '',
    locale: user.locale,
    street: user.street ?? '',
    postalCode: user.postalCode ?? '',
    city: user.city ?? '',
    country: user.country,
    groupId: user.groupId ?? '',
    companyId: user.companyId ?? '',
    strategyId: user.companyId === null ? (user.strategyId ?? '') : '',
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/**
 * The body of POST /users or PATCH /users/{id}. A strategy is sent only for a user without a company
 * and only when one is chosen (the API opens or re-points the own account then).
 */
export function userBody(form: UserFormState): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: form.name.trim(),
    email: orNull(form.email),
    phone: orNull(form.phone),
    locale: form.locale,
    street: orNull(form.street),
    postalCode: orNull(form.postalCode),
    city: orNull(form.city),
    country: form.country.trim() === '' ? 'DE' : form.country.trim().toUpperCase(),
    groupId: orNull(form.groupId),
    companyId: orNull(form.companyId),
  };
  if (form.companyId === '' && form.strategyId !== '') body.strategyId = form.strategyId;
  return body;
}
