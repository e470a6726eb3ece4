import { describe, expect, it } from 'vitest';
import { isDeliveryReceipt, parseReceipt } from './delivery-receipt.js';
import { inboundMessageId } from './inbound-id.js';
import { Reassembly } from './reassembly.js';

const RECEIPT =
  'id:0A1B2C sub:001 dlvrd:001 submit date:2503011000 done date:2503011001 stat:DELIVRD err:000 text:Hallo';

describe('delivery receipts', () => {
  it.each([
    [0x04, true],
    [0x44, true],
    [0x00, false],
    [0x40, false],
    [0x08, false],
  ])('esm_class %i is a receipt: %s', (esm, expected) => {
    expect(isDeliveryReceipt(esm)).toBe(expected);
  });

  it.each([
    [RECEIPT, { messageId: '0A1B2C', state: 'DELIVRD', delivered: true }],
    [RECEIPT.replace('DELIVRD', 'UNDELIV'), { messageId: '0A1B2C', state: 'UNDELIV', delivered: false }],
    [RECEIPT.replace('DELIVRD', 'EXPIRED'), { messageId: '0A1B2C', state: 'EXPIRED', delivered: false }],
    [RECEIPT.replace('DELIVRD', 'ENROUTE'), { messageId: '0A1B2C', state: 'ENROUTE', delivered: undefined }],
  ])('reads the text %s', (text, expected) => {
    expect(parseReceipt({ text })).toEqual(expected);
  });

  it('prefers the TLVs', () => {
    expect(parseReceipt({ text: RECEIPT, receiptedMessageId: 'TLV-1', messageState: 5 })).toEqual({
      messageId: 'TLV-1',
      state: 'UNDELIV',
      delivered: false,
    });
  });

  it('gives up on a receipt without id or state', () => {
    expect(parseReceipt({ text: 'stat:DELIVRD' })).toBeUndefined();
    expect(parseReceipt({ text: 'id:1' })).toBeUndefined();
  });
});

describe('inbound message ids', () => {
  const at = new Date('2025-03-01T10:00:00Z');
  const base = { source: '491711234567', destination: '841122', text: 'P20-07' };

  it('uses the SMSC id when there is one', () => {
    expect(inboundMessageId({ ...base, smscMessageId: 'X1' }, at)).toEqual({
      id: 'smsc:X1',
      windowed: false,
    });
  });

  it('hashes content stably, with the time apart after "@"', () => {
    const first = inboundMessageId(base, at);
    const later = inboundMessageId(base, new Date(at.getTime() + 1_000));
    expect(first.windowed).toBe(true);
    expect(first.id.split('@')[0]).toBe(later.id.split('@')[0]);
    expect(first.id).toBe(`${first.id.split('@')[0]}@${at.getTime()}`);
    expect(inboundMessageId({ ...base, text: 'P20-08' }, at).id.split('@')[0]).not.toBe(
      first.id.split('@')[0],
    );
    expect(inboundMessageId({ ...base, smscTimestamp: '250301100000000+' }, at).id.split('@')[0]).not.toBe(
      first.id.split('@')[0],
    );
  });
});

describe('reassembly of long inbound SMS', () => {
  const part = (sequence: number, text: string, reference = 7) => ({
    source: '491711234567',
    destination: '841122',
    reference,
    total: 3,
    sequence,
    text,
  });

  it('joins the parts in order, whatever order they came in, counting a repeated part once', () => {
    const reassembly = new Reassembly();
    expect(reassembly.add(part(3, 'c'), 0)).toBeUndefined();
    expect(reassembly.add(part(1, 'a'), 1)).toBeUndefined();
    expect(reassembly.add(part(1, 'a'), 2)).toBeUndefined();
    expect(reassembly.add(part(2, 'b'), 3)).toBe('abc');
    expect(reassembly.size).toBe(0);
  });

  it('keeps messages with different references apart and drops an incomplete one after its time', () => {
    const reassembly = new Reassembly(1_000);
    reassembly.add(part(1, 'a', 1), 0);
    reassembly.add(part(1, 'x', 2), 0);
    expect(reassembly.size).toBe(2);
    reassembly.add(part(2, 'y', 2), 500);
    expect(reassembly.add(part(3, 'z', 2), 600)).toBe('xyz');
    reassembly.add(part(2, 'b', 1), 5_000);
    expect(reassembly.add(part(3, 'c', 1), 5_001)).toBeUndefined();
  });
});
