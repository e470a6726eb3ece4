import { describe, expect, it } from 'vitest';
import {
  mailText,
  redactSecrets,
  setPasswordLink,
  type MailLocale,
  type MailTemplate,
} from './mail-texts.js';

const link = setPasswordLink('https://lmp.example.org', 'tok_ABC-123_xyz');
const templates: MailTemplate[] = [
  { kind: 'password_reset', name: 'Ada', link, validHours: 1 },
  { kind: 'invitation', name: 'Ada', link, validDays: 7, institutionName: 'Stadtwerke Musterstadt' },
];

describe('mail texts', () => {
  it('builds the set-password link under the public address', () => {
    expect(link).toBe('https://lmp.example.org/set-password/tok_ABC-123_xyz');
  });

  it.each(templates.flatMap((t) => (['de', 'en'] as MailLocale[]).map((l) => [t.kind, l, t] as const)))(
    '%s in %s carries the link, a greeting and how long the link works',
    (_kind, locale, template) => {
      const { subject, text } = mailText(locale, template);
      expect(subject.length).toBeGreaterThan(5);
      expect(text).toContain(link);
      expect(text.startsWith(locale === 'de' ? 'Guten Tag Ada,' : 'Hello Ada,')).toBe(true);
      expect(text).toMatch(locale === 'de' ? /Der Link gilt/ : /The link works once/);
    },
  );

  it('speaks German and English in their own words', () => {
    expect(mailText('de', templates[0]!)).toMatchObject({ subject: 'Passwort zurücksetzen' });
    expect(mailText('en', templates[0]!)).toMatchObject({ subject: 'Reset your password' });
    expect(mailText('de', templates[0]!).text).toContain('eine Stunde');
    expect(mailText('en', templates[0]!).text).toContain('one hour');
    expect(mailText('de', templates[1]!).subject).toBe(
      'Ihr Zugang zum Ladeportal von Stadtwerke Musterstadt',
    );
    expect(mailText('en', templates[1]!).text).toContain('7 days');
  });

  it('greets without a name when there is none', () => {
    expect(
      mailText('de', { ...templates[0]!, name: ' ' } as MailTemplate).text.startsWith('Guten Tag,\n'),
    ).toBe(true);
    expect(mailText('en', { ...templates[0]!, name: '' } as MailTemplate).text.startsWith('Hello,\n')).toBe(
      true,
    );
  });

  it('masks the secret of every set-password link and nothing else', () => {
    const text = `a ${link}\nb ${setPasswordLink('http://x', 'other')} c https://lmp.example.org/receipt`;
    const masked = redactSecrets(text);
    expect(masked).not.toContain('tok_ABC-123_xyz');
    expect(masked).not.toContain('/other');
    expect(masked).toContain('https://lmp.example.org/set-password/…');
    expect(masked).toContain('https://lmp.example.org/receipt');
  });
});
