import nodemailer, { type Transporter } from 'nodemailer';
import { emailAddressing } from './email-addressing';
import { ChannelError, type NotificationChannel, type OutgoingMessage, type SendReceipt } from './notification-channel';
import { parseSmtpUrl } from './smtp-url';

export interface EmailChannelOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://host:465`. */
  smtpUrl: string;
  /** The From header, e.g. `"chibo" <no-reply@example.vn>`. */
  from: string;
  /** Seconds to wait for the server at each stage (connect, greeting, each reply). */
  timeoutSeconds?: number;
}

/**
 * E-mail over SMTP with nodemailer. The Message-ID is the delivery's (deterministic), so a resend after a crash is
 * the same message to every mail system that sees both. A 5xx reply is permanent (a 550 for a recipient is a hard
 * bounce: the address is marked), anything else — a 4xx, a refused connection, a timeout — is retried.
 */
export class EmailChannel implements NotificationChannel {
  readonly id = emailAddressing.id;
  readonly rich = true;
  private readonly transport: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    const server = parseSmtpUrl(options.smtpUrl);
    const ms = (options.timeoutSeconds ?? 30) * 1000;
    this.transport = nodemailer.createTransport({
      host: server.host,
      port: server.port,
      secure: server.secure,
      ...(server.auth ? { auth: server.auth } : {}),
      // A local relay without a certificate (tests, a LAN MTA) is allowed only when the URL says so.
      ...(server.ignoreTLS ? { ignoreTLS: true } : {}),
      connectionTimeout: ms,
      greetingTimeout: ms,
      socketTimeout: ms,
    });
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    const invitation = message.attachments.find((a) => a.method);
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: message.toName ? { name: message.toName, address: message.to } : message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        messageId: message.messageId,
        attachments: message.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
        // An invitation is also sent as the calendar part of the message, so clients show "accept / decline".
        ...(invitation ? { icalEvent: { method: invitation.method!, content: invitation.content } } : {}),
      });
      return { response: String(info.response ?? '') };
    } catch (error) {
      const e = error as { responseCode?: number; message?: string; rejected?: unknown[]; code?: string };
      const code = e.responseCode ?? 0;
      const permanent = code >= 500 && code < 600;
      throw new ChannelError(`${code ? `SMTP ${code}: ` : ''}${e.message ?? String(error)}`, permanent, permanent && (code === 550 || code === 551 || code === 553));
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
