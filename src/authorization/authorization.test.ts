import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { systemActor, type Ctx } from '../shared/context.js';
import { tokenCandidates, type AuthorizationDecider } from './authorization.js';
import { AuthorizationService } from './authorization.service.js';

const ctx: Ctx = { actor: systemActor('test'), now: () => new Date(), log: pino({ level: 'silent' }) };
const request = { institutionId: 'i', stationId: 's', idToken: 'T', type: 'ISO14443' };

const decider = (
  name: string,
  knows: string[],
  status: 'Accepted' | 'Blocked',
  asked: string[],
): AuthorizationDecider => ({
  name,
  authorize: async (_ctx, r) => {
    asked.push(name);
    return knows.includes(r.idToken) ? { status } : undefined;
  },
});

describe('AuthorizationService', () => {
  it('asks deciders in order until one knows the token', async () => {
    const asked: string[] = [];
    const service = new AuthorizationService([
      decider('cards', ['A'], 'Accepted', asked),
      decider('pins', ['T'], 'Blocked', asked),
    ]);
    expect(await service.authorize(ctx, request)).toEqual({ status: 'Blocked' });
    expect(asked).toEqual(['cards', 'pins']);
  });

  it('calls a token nobody knows Invalid', async () => {
    expect(await new AuthorizationService([]).authorize(ctx, request)).toEqual({ status: 'Invalid' });
  });

  it('lets a decider added later go first', async () => {
    const asked: string[] = [];
    const service = new AuthorizationService([decider('cards', ['T'], 'Accepted', asked)]);
    service.addDecider(decider('sms', ['T'], 'Blocked', asked));
    expect((await service.authorize(ctx, request)).status).toBe('Blocked');
    expect(asked).toEqual(['sms']);
  });
});

describe('tokenCandidates', () => {
  it.each([
    ['04A1B2C3', ['04A1B2C3']],
    ['04a1b2c3', ['04a1b2c3', '04A1B2C3']],
    ['04:a1:b2:c3', ['04:a1:b2:c3', '04A1B2C3']],
    ['+491701234567', ['+491701234567']],
  ])('matches %s as %j', (token, candidates) => {
    expect(tokenCandidates(token)).toEqual(candidates);
  });
});
