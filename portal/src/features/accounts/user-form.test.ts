import { describe, expect, it } from 'vitest';
import { EMPTY_USER_FORM, userBody, userFormOf } from './user-form';
import type { User } from './types';

describe('the user form', () => {
  it('sends empty fields as null and a strategy only for a user without a company', () => {
    expect(
      userBody({
        ...EMPTY_USER_FORM,
        name: ' Anna ',
        email: 'anna@example.test',
        strategyId: 's1',
        country: 'at',
      }),
    ).toEqual({
      name: 'Anna',
      email: 'anna@example.test',
      phone: null,
      locale: 'de',
      street: null,
      postalCode: null,
      city: null,
      country: 'AT',
      groupId: null,
      companyId: null,
      strategyId: 's1',
    });
    const member = userBody({ ...EMPTY_USER_FORM, name: 'Ben', companyId: 'c1', strategyId: 's1' });
    expect(member.companyId).toBe('c1');
    expect(member).not.toHaveProperty('strategyId');
  });

  it("starts from a user's values", () => {
    const user = {
      name: 'Carla',
      email: null,
      phone: '+49171',
      locale: 'en',
      street: null,
      postalCode: null,
      city: 'Köln',
      country: 'DE',
      groupId: null,
      companyId: 'c1',
      strategyId: 's-own',
    } as unknown as User;
    expect(userFormOf(user)).toMatchObject({
      name: 'Carla',
      email: '',
      city: 'Köln',
      locale: 'en',
      strategyId: '',
    });
  });
});
