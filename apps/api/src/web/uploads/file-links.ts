import { WEB } from '../web-paths';

/** Where uploaded files are downloaded from (`/ho-so/tep/<id>`: beside the dossiers that list them). */
export const FILES_PATH = `${WEB.dossiers}/tep`;

/** The download link of an attachment reference (`tep:<id>` in a task's input), or null for free text. */
export function fileHref(ref: string | null | undefined): string | null {
  const m = /^tep:([0-9a-f-]{36})$/.exec(ref ?? '');
  return m ? `${FILES_PATH}/${m[1]}` : null;
}
