import type { ChiboConfig } from '@chibo/config';
import { CHROMIUM_INSTALL_HINT, PdfRenderer, renderDocx } from '@chibo/documents';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectConfig } from '../common/config.token';
import { ServiceUnavailableError } from '../common/errors';

/**
 * Turns a document's stored HTML into PDF (headless Chromium, started on the first download and shared) and DOCX.
 * They are produced when someone downloads them (docs/adr/0008-documents.md): the stored HTML stays the record.
 */
@Injectable()
export class DocumentOutputsService implements OnApplicationShutdown {
  private readonly logger = new Logger('DocumentOutputs');
  private readonly pdfRenderer: PdfRenderer;
  private warned = false;

  constructor(@InjectConfig() config: ChiboConfig) {
    this.pdfRenderer = new PdfRenderer({ executablePath: config.chromiumPath ?? null });
  }

  /** Whether PDF output works here (a Chromium was found). */
  get pdfAvailable(): boolean {
    return this.pdfRenderer.available;
  }

  /** The PDF of a document's HTML; 503 `pdf-unavailable` (saying how to install Chromium) when there is none. */
  async pdf(html: string): Promise<Buffer> {
    if (!this.pdfRenderer.available) {
      if (!this.warned) this.logger.warn(`PDF requested but no Chromium found. ${CHROMIUM_INSTALL_HINT}`);
      this.warned = true;
      throw new ServiceUnavailableError(`Máy chủ chưa xuất được PDF. ${CHROMIUM_INSTALL_HINT}`, 'pdf-unavailable');
    }
    return this.pdfRenderer.render(html);
  }

  docx(html: string, meta: { number: string; title: string }): Promise<Buffer> {
    return renderDocx(html, meta);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pdfRenderer.close();
  }
}
