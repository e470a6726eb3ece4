import { describe, expect, it } from 'vitest';
import { dialString, displayNumber, smsUri } from './sms-uri.js';

describe('sms: URIs for QR codes and links', () => {
  it.each([
    ['841122', 'P20-07', 'sms:841122?body=P20-07'],
    ['4915112345678', 'P20-07', 'sms:+4915112345678?body=P20-07'],
    ['841122', 'A B&C', 'sms:841122?body=A%20B%26C'],
  ])('number %s, text %s → %s', (number, body, uri) => {
    expect(smsUri(number, body)).toBe(uri);
  });

  it('dials short codes as they are and long numbers internationally', () => {
    expect(dialString('841122')).toBe('841122');
    expect(dialString('4915112345678')).toBe('+4915112345678');
  });

  it('shows long numbers grouped for people, short codes unchanged', () => {
    expect(displayNumber('841122')).toBe('841122');
    expect(displayNumber('4915112345678')).toBe('+49 151 12345678');
  });
});
