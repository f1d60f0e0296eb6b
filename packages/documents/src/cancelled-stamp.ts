import { escapeExpression } from 'handlebars';

/**
 * A cancelled document's HTML as it is shown and printed: the stored text with a banner saying it was cancelled, when
 * and why. The stored HTML (and its checksum) is never changed; this is applied when the document is served.
 */
export function stampCancelled(html: string, cancelled: { at: string | null; reason: string | null; date: (instant: string) => string }): string {
  const when = cancelled.at ? ` ngày ${cancelled.date(cancelled.at)}` : '';
  const why = cancelled.reason ? `: ${escapeExpression(cancelled.reason)}` : '';
  const banner = `<p class="cancelled-banner">VĂN BẢN ĐÃ BỊ HỦY${when}${why}</p>`;
  return html.includes('<article class="document"') ? html.replace(/(<article class="document"[^>]*>)/, `$1\n${banner}`) : `${banner}\n${html}`;
}
