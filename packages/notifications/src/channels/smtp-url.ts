/** SMTP_URL does not parse or names no SMTP server; the message names the variable. */
export class SmtpUrlError extends Error {
  readonly variable = 'SMTP_URL';
  constructor(reason: string) {
    super(`SMTP_URL: ${reason} (expected smtp://user:password@host:587 or smtps://host:465)`);
    this.name = 'SmtpUrlError';
  }
}

/** Checks an SMTP URL (`smtp://`, `smtps://`, host required, port a number) and returns it parsed. */
export function parseSmtpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SmtpUrlError('is not a URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new SmtpUrlError(`scheme must be smtp or smtps, not "${url.protocol.replace(/:$/, '')}"`);
  if (!url.hostname) throw new SmtpUrlError('has no host');
  return url;
}
