import { Module } from '@nestjs/common';
import { DocumentOutputsService } from './document-outputs.service';
import { DocumentTemplatesController } from './document-templates.controller';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/** Issued documents (list, preview, PDF/DOCX download, cancellation, registers) and committees' document templates. */
@Module({ controllers: [DocumentsController, DocumentTemplatesController], providers: [DocumentsService, DocumentOutputsService], exports: [DocumentsService] })
export class DocumentsModule {}
