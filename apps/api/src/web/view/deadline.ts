import type { Lang } from '../i18n/i18n';
import { formatDate, formatDateTime } from './format';

/**
 * A due instant as people read a deadline: "31/12/2026" for a deadline that ends with 31/12 (the core stores it as
 * the first instant after, 01/01/2027 00:00 Hà Nội time), the date and time for any other instant.
 */
export function formatDeadline(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return formatDateTime(value, lang);
  if (!formatDateTime(value, lang).endsWith(' 00:00')) return formatDateTime(value, lang);
  // The last day the deadline includes: one millisecond before its end.
  return formatDate(new Date(time - 1).toISOString(), lang);
}
