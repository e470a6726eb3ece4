/** The OCPP-J subprotocols Fachwerk speaks, in order of preference when a station offers both. */
export const OCPP_PROTOCOLS = ['ocpp2.0.1', 'ocpp1.6'] as const;

/** Same values as the database's `OcppVersion`; declared here because transports do not import the schema. */
export type OcppProtocol = (typeof OCPP_PROTOCOLS)[number];

export function isOcppProtocol(value: string | undefined): value is OcppProtocol {
  return value === 'ocpp2.0.1' || value === 'ocpp1.6';
}
