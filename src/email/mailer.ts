// E-mail to developer addresses (nodemailer over SMTP_URL). Unset SMTP_URL: no e-mail, no error.
import nodemailer from 'nodemailer';

type Email = { to: string; subject: string; text: string; messageId: string };
export type Mailer = { send(email: Email): Promise<void>; close(): void };

/** SMTP answers 5xx for what will never work (no such mailbox…): not worth retrying. */
export const isPermanentMailError = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode;
  return code !== undefined && code >= 500;
};

export function createMailer(email: { smtpUrl: string; from: string } | undefined): Mailer | undefined {
  if (!email) return undefined;
  const transport = nodemailer.createTransport(email.smtpUrl);
  return {
    // A stable Message-ID per delivery: a repeat after a crash is recognised by mail systems.
    send: async (message) => {
      await transport.sendMail({
        from: email.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
      });
    },
    close: () => transport.close(),
  };
}
