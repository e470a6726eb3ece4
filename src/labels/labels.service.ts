/**
 * QR codes and label sheets for compartments: what a code encodes (the `sms:` URI of the
 * institution's number and the short name, or the compartment's public page) and the printable
 * sheet of a whole locker. Staff with stations:read, within their institution.
 */
import { assertVisible, requirePermission } from '../access/tenant-scope.js';
import type { ServiceDeps } from '../app/services.js';
import type { Db } from '../db/database.js';
import { compartmentPath } from '../sms/sms.js';
import { normalizePhone } from '../sms/phone.js';
import type { Ctx } from '../shared/context.js';
import { Conflict, NotFound, ValidationFailed } from '../shared/errors.js';
import { formatDate } from '../shared/berlin-time.js';
import { isValidShortName } from '../stations/station-naming.js';
import { labelContent } from './label-sheet.js';
import { renderLabelSheet } from './label-pdf.js';
import * as repo from './labels.repository.js';
import { smsUri } from './sms-uri.js';

/** sms: the `sms:` URI (texting starts the compartment); page: the compartment's public page. */
export type QrTarget = 'sms' | 'page';

export interface QrOptions {
  /** One of the institution's active numbers, in any spelling; default: its first. */
  number?: string;
  target?: QrTarget;
}

export interface QrContent {
  chargePointId: string;
  shortName: string;
  serviceNumber: string;
  text: string;
}

export class LabelsService {
  private readonly db: Db;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'config'>) {
    this.db = deps.db;
  }

  /** What a charge point's QR code encodes. */
  async qrContent(ctx: Ctx, chargePointId: string, options: QrOptions = {}): Promise<QrContent> {
    requirePermission(ctx.actor, 'stations:read');
    const cp = assertVisible(
      ctx.actor,
      await repo.findChargePoint(this.db, chargePointId),
      'charge point',
      chargePointId,
    );
    const shortName = requireShortName(cp.shortName, cp.id);
    const serviceNumber = await this.numberFor(cp.institutionId, options.number);
    const text =
      options.target === 'page'
        ? `${this.deps.config.publicUrl}${compartmentPath(serviceNumber, shortName)}`
        : smsUri(serviceNumber, shortName);
    return { chargePointId: cp.id, shortName, serviceNumber, text };
  }

  /** A4 label sheet of a station's compartments, in evse order. */
  async labelSheet(
    ctx: Ctx,
    stationRef: string,
    options: QrOptions = {},
  ): Promise<{ pdf: Buffer; filename: string }> {
    requirePermission(ctx.actor, 'stations:read');
    const station = assertVisible(
      ctx.actor,
      await repo.findStationByRef(this.db, stationRef),
      'station',
      stationRef,
    );
    const serviceNumber = await this.numberFor(station.institutionId, options.number);
    const chargePoints = (await repo.listChargePointsOf(this.db, [station.id])).sort(
      (a, b) => a.evseId - b.evseId,
    );
    const labels = chargePoints.map((cp) => {
      const shortName = requireShortName(cp.shortName, cp.id);
      const qrText =
        options.target === 'page'
          ? `${this.deps.config.publicUrl}${compartmentPath(serviceNumber, shortName)}`
          : undefined;
      return labelContent(shortName, serviceNumber, qrText);
    });
    const createdAt = ctx.now();
    const pdf = await renderLabelSheet({
      title: `Etiketten ${station.name ?? station.chargeBoxId}`,
      createdAt,
      labels,
    });
    const name = (station.name ?? station.chargeBoxId).replace(/[^A-Za-z0-9._-]+/g, '_');
    return { pdf, filename: `Etiketten-${name}-${formatDate(createdAt).split('.').reverse().join('-')}.pdf` };
  }

  private async numberFor(institutionId: string, requested: string | undefined): Promise<string> {
    const numbers = await repo.activeNumbersOf(this.db, institutionId);
    if (requested !== undefined) {
      const digits = normalizePhone(requested);
      if (digits === undefined)
        throw new ValidationFailed(`Not a phone number: ${requested}`, { field: 'number' });
      if (!numbers.includes(digits)) throw new NotFound('SMS number', requested);
      return digits;
    }
    const first = numbers[0];
    if (first === undefined)
      throw new Conflict(
        'The institution has no active SMS number: add one (sms_numbers) before printing QR codes or labels',
        { reason: 'no_sms_number' },
      );
    return first;
  }
}

function requireShortName(shortName: string, chargePointId: string): string {
  if (!isValidShortName(shortName))
    throw new Conflict(
      `Charge point ${chargePointId} has no usable short name (e.g. P20-07): give it one before printing its QR code`,
      { reason: 'no_short_name', chargePointId },
    );
  return shortName;
}
