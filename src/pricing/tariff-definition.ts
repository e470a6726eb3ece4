/**
 * The tariff definition (price module) kept in `tariffs.definition`: what a charge point's use
 * costs. Prices are GROSS integer cents (VAT included, as drivers see them); the tariff row holds
 * the currency and the VAT rate. Close to OCPI 2.2.1 tariff elements; every rule is in
 * docs/pricing.md.
 *
 * Validated on every write (validateTariffDefinition): first the shape (this schema), then the
 * rules a schema cannot say (dates that exist, minimum ≤ maximum, …), each error naming its field.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ValidationFailed } from '../shared/errors.js';

const Cents = (description: string) => Type.Integer({ minimum: 0, maximum: 10_000_000, description });
const Minutes = (description: string) => Type.Integer({ minimum: 0, maximum: 525_600, description });
const StepMinutes = Type.Integer({
  minimum: 1,
  maximum: 1440,
  description: 'Length of one time unit in minutes; every started unit is charged in full (1 = per minute)',
});
const TIME_OF_DAY = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

export const TariffRestrictionsSchema = Type.Object(
  {
    startTime: Type.Optional(
      Type.String({ pattern: TIME_OF_DAY, description: 'HH:MM Europe/Berlin, inclusive' }),
    ),
    endTime: Type.Optional(
      Type.String({
        pattern: TIME_OF_DAY,
        description: 'HH:MM Europe/Berlin, exclusive; before startTime means the window runs past midnight',
      }),
    ),
    weekdays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
        minItems: 1,
        maxItems: 7,
        uniqueItems: true,
        description: '1 = Monday … 7 = Sunday (Europe/Berlin calendar day)',
      }),
    ),
    startDate: Type.Optional(
      Type.String({ pattern: DATE, description: 'YYYY-MM-DD Europe/Berlin, first day (inclusive)' }),
    ),
    endDate: Type.Optional(
      Type.String({ pattern: DATE, description: 'YYYY-MM-DD Europe/Berlin, last day (inclusive)' }),
    ),
    minDurationMinutes: Type.Optional(
      Minutes('Applies once the session has lasted at least this long (duration step, inclusive)'),
    ),
    maxDurationMinutes: Type.Optional(Minutes('Applies while the session has lasted less than this')),
  },
  { additionalProperties: false, title: 'TariffRestrictions' },
);

export const TariffElementSchema = Type.Object(
  {
    restrictions: Type.Optional(TariffRestrictionsSchema),
    time: Type.Optional(
      Type.Object(
        { priceCents: Cents('Gross cents per started unit'), stepMinutes: StepMinutes },
        { additionalProperties: false },
      ),
    ),
    energy: Type.Optional(
      Type.Object({ centsPerKwh: Cents('Gross cents per kWh') }, { additionalProperties: false }),
    ),
    occupancy: Type.Optional(
      Type.Object(
        {
          priceCents: Cents('Gross cents per started unit of occupancy (blocking fee)'),
          stepMinutes: StepMinutes,
          afterMinutes: Type.Optional(Minutes('Starts this many minutes after the session started')),
          afterChargingEnded: Type.Optional(
            Type.Boolean({ description: 'Starts when energy stopped flowing' }),
          ),
          graceMinutes: Type.Optional(Minutes('Free minutes added to the start of occupancy')),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, title: 'TariffElement' },
);

export const TariffDefinitionSchema = Type.Object(
  {
    startFeeCents: Type.Optional(Cents('Gross cents charged once per session')),
    minimumCents: Type.Optional(Cents('A session costs at least this much')),
    maximumCents: Type.Optional(Cents('A session costs at most this much (before discounts)')),
    dailyCapCents: Type.Optional(Cents('At most this much per Europe/Berlin calendar day')),
    elements: Type.Array(TariffElementSchema, {
      minItems: 1,
      maxItems: 50,
      description:
        'For each price component, the first element with that component whose restrictions match applies',
    }),
  },
  { additionalProperties: false, title: 'TariffDefinition' },
);

export type TariffRestrictions = Static<typeof TariffRestrictionsSchema>;
export type TariffElement = Static<typeof TariffElementSchema>;
export type TariffDefinition = Static<typeof TariffDefinitionSchema>;

export interface FieldError {
  field: string;
  message: string;
}

const fieldOf = (prefix: string, pointer: string) =>
  [prefix, ...pointer.split('/').filter((part) => part !== '')].filter((p) => p !== '').join('.');

function shapeErrors(schema: TSchema, value: unknown, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const error of Value.Errors(schema, value)) {
    const field = fieldOf(prefix, error.path);
    // One message per field: TypeBox reports a missing property and its wrong type separately.
    if (!errors.some((known) => known.field === field)) errors.push({ field, message: error.message });
    if (errors.length >= 20) break;
  }
  return errors;
}

function realDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The rules a schema cannot express. The definition has the right shape already. */
export function definitionRuleErrors(definition: TariffDefinition, prefix = 'definition'): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string, message: string) =>
    errors.push({ field: [prefix, field].filter((p) => p !== '').join('.'), message });
  const { minimumCents, maximumCents, dailyCapCents } = definition;
  if (minimumCents !== undefined && maximumCents !== undefined && minimumCents > maximumCents)
    at('minimumCents', 'must not be above maximumCents');
  if (minimumCents !== undefined && dailyCapCents !== undefined && minimumCents > dailyCapCents)
    at('minimumCents', 'must not be above dailyCapCents (the cap would be broken)');
  definition.elements.forEach((element, i) => {
    const base = `elements.${i}`;
    if (element.time === undefined && element.energy === undefined && element.occupancy === undefined)
      at(base, 'needs at least one price component: time, energy or occupancy');
    const r = element.restrictions;
    if (r === undefined) return;
    if (r.startDate !== undefined && !realDate(r.startDate))
      at(`${base}.restrictions.startDate`, 'is not a calendar date');
    if (r.endDate !== undefined && !realDate(r.endDate))
      at(`${base}.restrictions.endDate`, 'is not a calendar date');
    if (r.startDate !== undefined && r.endDate !== undefined && r.endDate < r.startDate)
      at(`${base}.restrictions.endDate`, 'must not be before startDate');
    if (r.startTime !== undefined && r.endTime !== undefined && r.startTime === r.endTime)
      at(`${base}.restrictions.endTime`, 'must differ from startTime (leave both out for all day)');
    if (
      r.minDurationMinutes !== undefined &&
      r.maxDurationMinutes !== undefined &&
      r.maxDurationMinutes <= r.minDurationMinutes
    )
      at(`${base}.restrictions.maxDurationMinutes`, 'must be above minDurationMinutes');
  });
  return errors;
}

/** All problems of a definition, each naming its field (empty: valid). */
export function tariffDefinitionErrors(value: unknown, prefix = 'definition'): FieldError[] {
  const shape = shapeErrors(TariffDefinitionSchema, value, prefix);
  if (shape.length > 0) return shape;
  return definitionRuleErrors(value as TariffDefinition, prefix);
}

/** Validates a definition on write; ValidationFailed (HTTP 422) names the first bad field. */
export function validateTariffDefinition(value: unknown, prefix = 'definition'): TariffDefinition {
  const errors = tariffDefinitionErrors(value, prefix);
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new ValidationFailed(`Invalid tariff: ${first.field} ${first.message}`, {
      field: first.field,
      errors,
    });
  }
  return value as TariffDefinition;
}
