import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A message the test server accepted, as a recipient's mailbox would show it. */
export interface ReceivedMail {
  /** RCPT TO of the SMTP transaction. */
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  html: string;
  /** Parsed attachments (the `.ics` invitation among them). */
  attachments: Array<{ filename: string | undefined; contentType: string; content: string }>;
  raw: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 for tests (the `smtp-server` package): it accepts every message and keeps it
 * parsed (`mailparser`). `refuseFor(n)` answers the next n messages with a temporary 451 (a server that refuses for a
 * while); `refusePermanently(address)` a 550 for that recipient (a hard bounce); `holdData` keeps a message's DATA
 * open until released or the client goes away (a worker killed mid-send: nothing is delivered).
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** SMTP transactions whose DATA started (accepted or not). */
  dataStarted = 0;
  private server: SMTPServer;
  private refusals = 0;
  private readonly bounced = new Set<string>();
  private holding: ((session: SMTPServerSession) => boolean) | undefined;
  private waiters: Array<() => void> = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.bounced.has(address.address.toLowerCase())) {
          const error = new Error('5.1.1 No such user here') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = ((this.server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
    return this;
  }

  /** The URL for `SMTP_URL`. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}?tls=off`;
  }

  refuseFor(messages: number): void {
    this.refusals = messages;
  }

  refusePermanently(address: string): void {
    this.bounced.add(address.toLowerCase());
  }

  holdData(predicate: ((session: SMTPServerSession) => boolean) | undefined): void {
    this.holding = predicate;
  }

  /** Messages received for an address. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} messages, the SMTP server received ${this.received.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): void {
    this.dataStarted += 1;
    const chunks: Buffer[] = [];
    let failed = false;
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => (failed = true));
    stream.on('end', async () => {
      if (failed) return;
      if (this.holding?.(session)) return; // never answered: the client times out or dies; nothing is delivered
      if (this.refusals > 0) {
        this.refusals -= 1;
        const error = new Error('4.3.2 Try again later') as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      const raw = await simpleParser(Buffer.concat(chunks));
      this.received.push({
        to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        messageId: raw.messageId ?? '',
        subject: raw.subject ?? '',
        text: raw.text ?? '',
        html: typeof raw.html === 'string' ? raw.html : '',
        attachments: raw.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString('utf8') })),
        raw,
      });
      callback(null);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
}
