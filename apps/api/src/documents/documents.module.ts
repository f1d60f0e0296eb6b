import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller';

/** Issued documents (rendering to HTML/PDF/DOCX comes with the documents package). */
@Module({ controllers: [DocumentsController] })
export class DocumentsModule {}
