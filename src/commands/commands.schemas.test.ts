import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from './command.js';
import { COMMAND_BODY_SCHEMAS, CommandBody, commandFromBody } from './commands.schemas.js';

describe('command bodies', () => {
  it('has one body schema per command, all in the union', () => {
    expect(Object.keys(COMMAND_BODY_SCHEMAS).sort()).toEqual([...COMMAND_NAMES].sort());
    for (const name of COMMAND_NAMES) expect(CommandBody.anyOf).toContain(COMMAND_BODY_SCHEMAS[name]);
  });

  it('keeps only the fields of the named command and takes timeoutMs apart', () => {
    const body = {
      command: 'unlock' as const,
      evseId: 3,
      reason: 'Notentriegelung',
      idTag: 'stray',
      timeoutMs: 500,
    };
    expect(commandFromBody(body)).toEqual({
      command: { command: 'unlock', evseId: 3, reason: 'Notentriegelung' },
      timeoutMs: 500,
    });
  });

  it('leaves out optional fields that are absent', () => {
    expect(commandFromBody({ command: 'changeAvailability', operative: true })).toEqual({
      command: { command: 'changeAvailability', operative: true },
      timeoutMs: undefined,
    });
  });
});
