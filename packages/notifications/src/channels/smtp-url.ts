/** SMTP_URL does not parse or names no SMTP server; the message names the variable. */
export class SmtpUrlError extends Error {
  readonly variable = 'SMTP_URL';
  constructor(reason: string) {
    super(`SMTP_URL: ${reason} (expected smtp://user:password@host:587 or smtps://host:465)`);
    this.name = 'SmtpUrlError';
  }
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])$/;

/** An SMTP URL read into what nodemailer needs. */
export interface SmtpServerAddress {
  secure: boolean;
  host: string;
  port: number;
  auth?: { user: string; pass: string };
  /** `?tls=off`: a local relay without a certificate. */
  ignoreTLS: boolean;
}

/**
 * Checks an SMTP URL and reads it: `smtp://` (587, STARTTLS when offered) or `smtps://` (465), a host (an ASCII domain
 * name or an IP address), a port from 1 to 65535 when given, a user name and password that percent-decode, no query
 * option but `tls=off`. The same rules as SMTP_URL's check at boot (`@chibo/config`), so a URL the configuration let
 * through never fails here; thrown reasons never repeat the URL (it may hold a password).
 */
export function parseSmtpUrl(value: string): SmtpServerAddress {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SmtpUrlError('is not a URL (or its port is not from 1 to 65535)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new SmtpUrlError(`scheme must be smtp or smtps, not "${url.protocol.replace(/:$/, '')}"`);
  if (!url.hostname) throw new SmtpUrlError('has no host');
  if (!HOST.test(url.hostname)) throw new SmtpUrlError('host must be a domain name in ASCII (an international one in its xn-- form) or an IP address');
  if (url.port !== '' && Number(url.port) < 1) throw new SmtpUrlError('port must be from 1 to 65535');
  let auth: SmtpServerAddress['auth'];
  try {
    if (url.username) auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  } catch {
    throw new SmtpUrlError('user name or password is not valid percent-encoding (write a % in them as %25)');
  }
  for (const [key, option] of url.searchParams) {
    if (key !== 'tls' || option !== 'off') throw new SmtpUrlError('the only option it takes is ?tls=off (a local relay without a certificate)');
  }
  const secure = url.protocol === 'smtps:';
  return {
    secure,
    // nodemailer connects to an IPv6 address without its brackets.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    ...(auth ? { auth } : {}),
    ignoreTLS: url.searchParams.get('tls') === 'off',
  };
}
