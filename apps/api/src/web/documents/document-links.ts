import { API_PREFIX } from '../../create-app';
import { seg } from '../web-paths';

/** The formats the documents API serves each document in (the documents feature renders them). */
export const API_DOCUMENT_FORMATS = ['html', 'pdf', 'docx'] as const;

/**
 * A document in one format, from the API (`/api/v1/documents/:id/html|pdf|docx`). A browser reaches it with the login
 * cookie: the API accepts the `chibo_token` cookie on reads (docs/adr/0011-web-ui.md).
 */
export function apiDocumentHref(id: string, format: (typeof API_DOCUMENT_FORMATS)[number]): string {
  return `/${API_PREFIX}/documents/${seg(id)}/${format}`;
}
