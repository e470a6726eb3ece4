import { describe, expect, it } from 'vitest';
import { inboundProvider } from './inbound-auth.js';

const tokens = new Map([
  ['acme', 'acme-token-0123456789'],
  ['other', 'other-token-0123456789'],
]);

describe('inbound webhook tokens', () => {
  it.each([
    ['Bearer acme-token-0123456789', 'acme'],
    ['bearer other-token-0123456789 ', 'other'],
    ['Bearer acme-token-012345678', undefined],
    ['Bearer acme-token-0123456789x', undefined],
    ['Basic YWNtZTp4', undefined],
    ['acme-token-0123456789', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, provider) => {
    expect(inboundProvider(tokens, header)).toBe(provider);
  });

  it('knows nobody without configured tokens', () => {
    expect(inboundProvider(new Map(), 'Bearer anything-at-all-here')).toBeUndefined();
  });
});
