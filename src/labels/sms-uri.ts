/**
 * The `sms:` URI a compartment's QR code and "start by SMS" link carry (RFC 5724): the service
 * number and the compartment's short name as the prefilled text. Short codes are dialled as they are;
 * long numbers are international ("+49…"), so the link works from any network.
 */
import { formatPhone, isShortCode } from '../sms/phone.js';

/** The number as a phone dials it: "841122" or "+4915112345678". */
export function dialString(serviceNumber: string): string {
  return isShortCode(serviceNumber) ? serviceNumber : `+${serviceNumber}`;
}

/** sms:841122?body=P20-07 / sms:+4915112345678?body=P20-07 */
export function smsUri(serviceNumber: string, body: string): string {
  return `sms:${dialString(serviceNumber)}?body=${encodeURIComponent(body)}`;
}

/** The number as people read it on a label or page: "841122" or "+49 151 12345678". */
export const displayNumber = (serviceNumber: string): string => formatPhone(serviceNumber);
