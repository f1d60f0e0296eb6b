import { OrgUnit, ScoreSheet } from '@chibo/db';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import type { ScopeService } from '../auth/scope.service';
import { ValidationError } from '../common/errors';
import { ScoreSheetsService, type SheetView } from './score-sheets.service';

/** "<org>/<code>@<version>": a committee sheet; anything else in a guidance's `rubric` is a registered rubric id. */
const SHEET_REF = /^([^/]+)\/([a-z0-9-]+)@(\d+)$/;

/**
 * The committee sheet a guidance chose in `rubric`, checked for the issuer (ADR 0020, addendum): it must exist
 * (`unknown-sheet`), be one `GET /score-sheets?org=<issuer>` lists — the issuer's own or a superior's (`not-visible`) —
 * and be meant for the procedure's kind of session (`applies-to`). `undefined` when `rubric` is not a sheet reference.
 */
export async function guidanceSheet(ds: DataSource, scope: ScopeService, user: AuthUser, issuer: OrgUnit, rubric: string | undefined, procedure: string): Promise<{ ref: string; definition: unknown } | undefined> {
  const match = rubric ? SHEET_REF.exec(rubric) : null;
  if (!rubric || !match) return undefined;
  const usable = await new ScoreSheetsService(ds, scope).usableBy(user, issuer.code);
  const sheet = usable.find((s) => s.owner !== 'default' && s.ref === rubric);
  if (!sheet) {
    const owner = await ds.manager.findOne(OrgUnit, { where: { code: match[1]! } });
    const exists = owner ? await ds.manager.exists(ScoreSheet, { where: { orgId: owner.id, code: match[2]!, version: Number(match[3]) } }) : false;
    if (exists) throw new ValidationError([{ path: 'rubric', rule: 'not-visible', message: `Phiếu chấm điểm “${rubric}” không thuộc ${issuer.name} hay cấp ủy cấp trên, nên ${issuer.name} không dùng được`, params: { sheet: rubric, org: issuer.name } }]);
    throw new ValidationError([{ path: 'rubric', rule: 'unknown-sheet', message: `Không có phiếu chấm điểm “${rubric}”`, params: { sheet: rubric } }]);
  }
  const kind = procedure.startsWith('regular') ? 'regular' : procedure.startsWith('thematic') ? 'thematic' : null;
  if (kind && sheet.appliesTo !== 'any' && sheet.appliesTo !== kind) {
    const words = { regular: 'sinh hoạt thường kỳ', thematic: 'sinh hoạt chuyên đề' } as const;
    const meant = sheet.appliesTo === 'regular' ? 'regular' : 'thematic';
    throw new ValidationError([{ path: 'rubric', rule: 'applies-to', message: `Phiếu chấm điểm “${rubric}” dành cho ${words[meant]}, không dùng cho ${words[kind]}`, params: { sheet: rubric, meantFor: meant, sessionKind: kind } }]);
  }
  return { ref: sheet.ref, definition: sheet.sheet };
}

/** The committee sheets the guidance form offers: every version usable by any of the committees the user acts for. */
export async function sheetsForIssuers(ds: DataSource, scope: ScopeService, user: AuthUser, issuers: ReadonlyArray<{ code: string }>): Promise<SheetView[]> {
  const service = new ScoreSheetsService(ds, scope);
  const byRef = new Map<string, SheetView>();
  for (const issuer of issuers) for (const s of await service.usableBy(user, issuer.code)) if (s.owner !== 'default') byRef.set(s.ref, s);
  return [...byRef.values()];
}

/** A committee sheet's title, version and owner, for a guidance that chose `rubric`; undefined for anything else. */
export async function sheetTitle(ds: DataSource, rubric: string | null | undefined): Promise<{ title: string; version: number; owner: string } | undefined> {
  const match = rubric ? SHEET_REF.exec(rubric) : null;
  if (!match) return undefined;
  const owner = await ds.manager.findOne(OrgUnit, { where: { code: match[1]! } });
  const sheet = owner ? await ds.manager.findOne(ScoreSheet, { where: { orgId: owner.id, code: match[2]!, version: Number(match[3]) } }) : null;
  return sheet && owner ? { title: sheet.title, version: sheet.version, owner: owner.name } : undefined;
}
