/**
 * Every e-mail text Fachwerk sends, in German and English: plain data in, subject and body out
 * (no IO, no clock), so each text is tested and the catalogue is the one place to reword a mail.
 */
export type MailLocale = 'de' | 'en';

export type MailTemplate =
  | { kind: 'password_reset'; name: string; link: string; validHours: number }
  | { kind: 'invitation'; name: string; link: string; validDays: number; institutionName: string };

export interface MailText {
  subject: string;
  text: string;
}

const greeting = (locale: MailLocale, name: string): string => {
  const trimmed = name.trim();
  if (locale === 'de') return trimmed === '' ? 'Guten Tag,' : `Guten Tag ${trimmed},`;
  return trimmed === '' ? 'Hello,' : `Hello ${trimmed},`;
};

const SIGNATURE: Record<MailLocale, string> = {
  de: '-- \nFachwerk Lademanagement\nDiese E-Mail wurde automatisch versandt.',
  en: '-- \nFachwerk charging management\nThis e-mail was sent automatically.',
};

export function mailText(locale: MailLocale, template: MailTemplate): MailText {
  const lines = (...parts: string[]) => [
    greeting(locale, template.name),
    '',
    ...parts,
    '',
    SIGNATURE[locale],
  ];
  switch (template.kind) {
    case 'password_reset':
      return locale === 'de'
        ? {
            subject: 'Passwort zurücksetzen',
            text: lines(
              'jemand hat für Ihr Konto ein neues Passwort angefordert. Über diesen Link legen Sie es fest:',
              '',
              template.link,
              '',
              `Der Link gilt ${template.validHours === 1 ? 'eine Stunde' : `${template.validHours} Stunden`} und nur einmal.`,
              'Wenn Sie nichts angefordert haben, ignorieren Sie diese E-Mail; Ihr Passwort bleibt unverändert.',
            ).join('\n'),
          }
        : {
            subject: 'Reset your password',
            text: lines(
              'someone asked for a new password for your account. Choose it with this link:',
              '',
              template.link,
              '',
              `The link works once and for ${template.validHours === 1 ? 'one hour' : `${template.validHours} hours`}.`,
              'If you did not ask for it, ignore this e-mail; your password stays as it is.',
            ).join('\n'),
          };
    case 'invitation':
      return locale === 'de'
        ? {
            subject: `Ihr Zugang zum Ladeportal von ${template.institutionName}`,
            text: lines(
              `${template.institutionName} lädt Sie in das Ladeportal ein. Dort sehen Sie Ihre Ladevorgänge, Karten und Rechnungen.`,
              'Legen Sie über diesen Link Ihr Passwort fest:',
              '',
              template.link,
              '',
              `Der Link gilt ${template.validDays} Tage und nur einmal. Danach melden Sie sich mit dieser E-Mail-Adresse an.`,
            ).join('\n'),
          }
        : {
            subject: `Your access to the charging portal of ${template.institutionName}`,
            text: lines(
              `${template.institutionName} invites you to its charging portal, where you see your charging sessions, cards and bills.`,
              'Set your portal password with this link:',
              '',
              template.link,
              '',
              `The link works once and for ${template.validDays} days. Then log in with this e-mail address.`,
            ).join('\n'),
          };
  }
}

/** The link in a mail that sets a password; its last segment is the one-time token. */
export const setPasswordLink = (publicUrl: string, token: string): string =>
  `${publicUrl}/set-password/${token}`;

/** A mail body with the secrets of its links replaced, for showing it to operators. */
export function redactSecrets(text: string): string {
  return text.replace(/\/set-password\/[A-Za-z0-9_-]+/g, '/set-password/…');
}
