/**
 * Picks the translation for a station's OCPP version and checks every request against the
 * official JSON schemas (the ones ocpp-rpc enforces in strict mode) before it goes out, so a request
 * the station would refuse as malformed is a validation error for the caller instead.
 */
import { createRequire } from 'node:module';
import type { OcppVersion } from '../db/schema.js';
import { ValidationFailed } from '../shared/errors.js';
import type { Command, OcppRequest, Translator } from './command.js';
import { ocpp16 } from './v16.js';
import { ocpp201 } from './v201.js';

interface SchemaValidator {
  subprotocol: string;
  validate(schemaId: string, params: unknown): boolean;
}

const TRANSLATORS: Record<OcppVersion, Translator> = { 'ocpp1.6': ocpp16, 'ocpp2.0.1': ocpp201 };

export function translatorFor(protocol: OcppVersion): Translator {
  return TRANSLATORS[protocol];
}

let validators: Map<string, SchemaValidator> | undefined;

function validatorFor(protocol: OcppVersion): SchemaValidator {
  if (validators === undefined) {
    // ocpp-rpc ships the official schemas with compiled validators; loaded once, on first use.
    const require = createRequire(import.meta.url);
    const list = require('ocpp-rpc/lib/standard-validators.js') as SchemaValidator[];
    validators = new Map(list.map((v) => [v.subprotocol, v]));
  }
  const validator = validators.get(protocol);
  if (validator === undefined) throw new Error(`No OCPP schema for ${protocol}`);
  return validator;
}

/** Throws ValidationFailed when the request does not match the official `<Action>.req` schema. */
export function assertValidRequest(protocol: OcppVersion, request: OcppRequest): void {
  try {
    validatorFor(protocol).validate(`urn:${request.action}.req`, request.params);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ValidationFailed(
      `The station's ${protocol} ${request.action} request would be invalid: ${message}`,
      {
        action: request.action,
        protocol,
      },
    );
  }
}

/** Whether an answer matches the official `<Action>.conf` schema. */
export function isValidAnswer(protocol: OcppVersion, action: string, payload: unknown): boolean {
  try {
    return validatorFor(protocol).validate(`urn:${action}.conf`, payload);
  } catch {
    return false;
  }
}

/** The request exactly as it goes to a station of this version, validated. */
export function requestFor(protocol: OcppVersion, command: Command): OcppRequest {
  const request = translatorFor(protocol).toOcpp(command);
  assertValidRequest(protocol, request);
  return request;
}
