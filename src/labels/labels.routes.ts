/**
 * QR codes per compartment (PNG, SVG) and a locker's printable label sheet (PDF), for staff who
 * put them on the locker. docs/public-pages.md describes what the codes encode.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, StringEnum, Uuid } from '../api/schemas.js';
import { CHARGE_BOX_ID_PATTERN } from '../stations/station-naming.js';
import { qrPng, qrSvg } from './qr.js';

const QrQuery = Type.Object({
  number: Type.Optional(
    Type.String({
      maxLength: 20,
      description: "One of the institution's active SMS numbers (default: its first)",
    }),
  ),
  target: Type.Optional(
    StringEnum(['sms', 'page'], {
      description: 'sms: `sms:<number>?body=<name>` (default); page: the public compartment page URL',
    }),
  ),
});
const ChargePointParams = Type.Object({ chargePointId: Uuid });
const StationParams = Type.Object({
  stationId: Type.String({ pattern: CHARGE_BOX_ID_PATTERN, description: 'Station UUID or charge box id' }),
});
const binary = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
});
const svg = {
  description: 'The QR code',
  content: { 'image/svg+xml': { schema: Type.Unsafe<string>({ type: 'string' }) } },
};
const errors = errorResponses('forbidden', 'not_found', 'conflict', 'validation_failed');

export const labelsRoutes: RoutesPlugin = async (app, { services }) => {
  const labels = services.labels;

  app.get(
    '/charge-points/:chargePointId/qr.png',
    {
      schema: {
        tags: ['labels'],
        summary: "A compartment's QR code (PNG)",
        description:
          'Encodes `sms:<number>?body=<short name>`, or with target=page the public compartment page.',
        params: ChargePointParams,
        querystring: QrQuery,
        response: { 200: binary('image/png', 'The QR code'), ...errors },
      },
    },
    async (request, reply) => {
      const qr = await labels.qrContent(request.ctx, request.params.chargePointId, request.query);
      return reply
        .type('image/png')
        .header('content-disposition', `inline; filename="QR-${qr.shortName}.png"`)
        .send(await qrPng(qr.text));
    },
  );

  app.get(
    '/charge-points/:chargePointId/qr.svg',
    {
      schema: {
        tags: ['labels'],
        summary: "A compartment's QR code (SVG)",
        description:
          'Encodes `sms:<number>?body=<short name>`, or with target=page the public compartment page.',
        params: ChargePointParams,
        querystring: QrQuery,
        response: { 200: svg, ...errors },
      },
    },
    async (request, reply) => {
      const qr = await labels.qrContent(request.ctx, request.params.chargePointId, request.query);
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('content-disposition', `inline; filename="QR-${qr.shortName}.svg"`)
        .send(await qrSvg(qr.text));
    },
  );

  app.get(
    '/stations/:stationId/labels.pdf',
    {
      schema: {
        tags: ['labels'],
        summary: "A locker's label sheet (A4 PDF, 2 × 4 labels a page)",
        description:
          'One label per compartment: its name, QR code, the SMS number and three steps in German and English.',
        params: StationParams,
        querystring: QrQuery,
        response: { 200: binary('application/pdf', 'The label sheet'), ...errors },
      },
    },
    async (request, reply) => {
      const { pdf, filename } = await labels.labelSheet(request.ctx, request.params.stationId, request.query);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .send(pdf);
    },
  );
};
