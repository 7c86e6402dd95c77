import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback (`smtp-server`, the library nodemailer's author maintains): it
 * speaks the protocol nodemailer expects (EHLO, MAIL FROM, RCPT TO, DATA with dot-stuffing), keeps
 * each message with its envelope, and parses it with `mailparser` so a test reads headers, parts
 * and attachments rather than raw MIME. No TLS, no authentication: nothing leaves the machine.
 */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpMailbox {
  port: number;
  received: ReceivedMail[];
  /** The first message whose envelope goes to `address`, polled until it arrives (sending may be queued). */
  waitFor(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** While true, every connection is turned away with `421` (service not available, try later). */
  refusing: boolean;
  close(): Promise<void>;
}

export async function startSmtpMailbox(): Promise<SmtpMailbox> {
  const received: ReceivedMail[] = [];
  const state = { refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    onConnect(_session, callback) {
      if (!state.refusing) return callback();
      callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
    },
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            const from = session.envelope.mailFrom;
            received.push({ envelope: { from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address) }, raw, parsed });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  // A client that drops its connection (a CMS process stopped mid-send) is its own business: without
  // a listener, smtp-server would throw the socket's ECONNRESET in the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received,
    get refusing() {
      return state.refusing;
    },
    set refusing(value: boolean) {
      state.refusing = value;
    },
    async waitFor(address, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = received.find((m) => m.envelope.to.includes(address));
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no message to ${address} within ${timeoutMs} ms (${received.length} received)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The CMS's settings to send through `mailbox` in plain SMTP, from `from`, with no reply-to and no
 * login, whatever the shell exports (tests are hermetic).
 */
export function smtpEnv(mailbox: Pick<SmtpMailbox, 'port'>, from: string): Record<string, string | undefined> {
  return {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailbox.port),
    SMTP_SECURE: 'false',
    SMTP_USER: undefined,
    SMTP_PASSWORD: undefined,
    EMAIL_FROM: from,
    EMAIL_REPLY_TO: undefined,
  };
}
