import type { ChiboConfig } from '@chibo/config';
import { DocumentOutputsService } from './document-outputs.service';

describe('DocumentOutputsService', () => {
  it('should answer 503 pdf-unavailable, saying how to install Chromium, when the configured Chromium does not exist', async () => {
    const outputs = new DocumentOutputsService({ chromiumPath: '/nonexistent/chromium' } as ChiboConfig);
    expect(outputs.pdfAvailable).toBe(false);
    await expect(outputs.pdf('<p>x</p>')).rejects.toMatchObject({ statusCode: 503, code: 'pdf-unavailable', message: expect.stringContaining('apt-get install -y chromium') });
    await outputs.onApplicationShutdown();
  });

  it('should still produce a Word document without Chromium', async () => {
    const outputs = new DocumentOutputsService({ chromiumPath: '/nonexistent/chromium' } as ChiboConfig);
    const docx = await outputs.docx('<p>Nghị quyết</p>', { number: 'Số 01-NQ/CB', title: 'Nghị quyết' });
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
