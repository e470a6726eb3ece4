/**
 * Hands one mail to the SMTP server of SMTP_URL (nodemailer). The timeouts are short and add up to
 * less than the dispatcher's lease, so a send is finished or given up before another round could
 * claim the same mail again.
 */
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  /** The emails row id, sent as a header so a mail in a mailbox can be found in the log. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** The server refused the mail for good (e.g. 550 no such mailbox): trying again will not help. */
export class PermanentMailError extends Error {}

export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          headers: { 'X-Fachwerk-Mail-Id': mail.id },
        });
        return { messageId: String(info.messageId) };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx is a final answer about this mail; 421 and other 4xx, and network errors, are worth another try.
        if (typeof code === 'number' && code >= 500 && code < 600) {
          throw new PermanentMailError(`SMTP ${code}: ${(error as Error).message}`);
        }
        throw error;
      }
    },
    close() {
      transporter.close();
    },
  };
}
