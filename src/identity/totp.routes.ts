import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Uuid } from '../api/schemas.js';
import { StaffSchema } from '../staff/staff.routes.js';

const Code = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code the app shows now' });

/** The second factor of staff accounts (drivers have none). */
export const totpRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/auth/totp/setup',
    {
      config: { allowWithoutTotp: true },
      schema: {
        tags: ['auth'],
        summary: 'Start enrolling an authenticator app: a new secret, not in force until confirmed',
        response: {
          200: Type.Object({
            secret: Type.String({ description: 'base32, for typing into the app' }),
            otpauthUri: Type.String(),
            qrSvg: Type.String({ description: 'The otpauth URI as a QR code (SVG)' }),
          }),
          ...errorResponses('forbidden', 'conflict'),
        },
      },
    },
    async (request) => services.staff.setupTotp(request.ctx),
  );

  app.post(
    '/auth/totp/enable',
    {
      config: { allowWithoutTotp: true },
      schema: {
        tags: ['auth'],
        summary: 'Confirm enrolment with a code from the app; from now on log-in asks for a code',
        body: Type.Object({ code: Code }),
        response: { 200: StaffSchema, ...errorResponses('validation_failed', 'forbidden', 'conflict') },
      },
    },
    async (request) => services.staff.enableTotp(request.ctx, request.body.code),
  );

  app.post(
    '/auth/totp/disable',
    {
      config: { allowWithoutTotp: true },
      schema: {
        tags: ['auth'],
        summary: 'Turn your second factor off (with your password)',
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }),
        response: { 200: StaffSchema, ...errorResponses('validation_failed', 'forbidden') },
      },
    },
    async (request) => services.staff.disableTotp(request.ctx, request.body.password),
  );

  app.delete(
    '/staff/:staffId/totp',
    {
      schema: {
        tags: ['staff'],
        summary: "Remove another account's second factor (a lost phone); the person enrols again",
        params: Type.Object({ staffId: Uuid }),
        response: { 200: StaffSchema, ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request) => services.staff.resetTotp(request.ctx, request.params.staffId),
  );
};
