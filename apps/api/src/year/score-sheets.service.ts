import { recordAdminAction } from '@chibo/audit';
import { findOrgUnit, OrgUnit, ScoreSheet } from '@chibo/db';
import { SHIPPED_SHEETS, validateScoreSheet, type ScoreSheetDefinition } from '@chibo/rules';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { NotFoundError, unknownOrg, ValidationError } from '../common/errors';
import { isUniqueViolation } from '@chibo/db';

/** What a sheet is meant for: regular sessions, thematic ones, or both. */
export const APPLIES_TO = ['regular', 'thematic', 'any'] as const;
export type AppliesTo = (typeof APPLIES_TO)[number];

/** A sheet as the API and the pages show it; `ref` is what a procedure pins ("<org>/<code>@<version>", or a rubric id). */
export interface SheetView {
  ref: string;
  owner: string;
  code: string;
  version: number;
  title: string;
  appliesTo: AppliesTo;
  latest: boolean;
  sheet: ScoreSheetDefinition;
  createdAt: string | null;
}

/** A committee's score sheets: the shipped defaults, then each unit's own, versioned and never changed once saved. */
@Injectable()
export class ScoreSheetsService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
  ) {}

  /** The shipped defaults, written as sheets (they score exactly as the rubric plugins do). */
  defaults(): SheetView[] {
    return Object.entries(SHIPPED_SHEETS).map(([id, sheet]) => ({ ref: id, owner: 'default', code: id, version: 1, title: sheet.title, appliesTo: 'any', latest: true, sheet, createdAt: null }));
  }

  /** The sheets `org` may use: the defaults, and every version of the sheets of `org` and the units above it. */
  async usableBy(user: AuthUser, orgCode: string): Promise<SheetView[]> {
    const org = await findOrgUnit(this.ds.manager, { code: orgCode });
    this.scope.requireVisible(user, org, unknownOrg(orgCode));
    const codes = org!.path.split('/').filter(Boolean);
    const units = await this.ds.manager.find(OrgUnit, { where: { code: In(codes) } });
    const rows = units.length ? await this.ds.manager.find(ScoreSheet, { where: { orgId: In(units.map((u) => u.id)) }, order: { code: 'ASC', version: 'DESC' } }) : [];
    const codeOf = new Map(units.map((u) => [u.id, u.code]));
    return [...this.defaults(), ...this.views(rows, codeOf)];
  }

  /** One saved version (404 when it does not exist or the unit is out of sight). */
  async one(user: AuthUser, orgCode: string, code: string, version: number): Promise<SheetView> {
    const org = await findOrgUnit(this.ds.manager, { code: orgCode });
    this.scope.requireVisible(user, org, unknownOrg(orgCode));
    const rows = await this.ds.manager.find(ScoreSheet, { where: { orgId: org!.id, code }, order: { version: 'DESC' } });
    const view = this.views(rows, new Map([[org!.id, org!.code]])).find((v) => v.version === version);
    if (!view) throw new NotFoundError(`Không tìm thấy phiếu chấm điểm ${orgCode}/${code}@${version}`).worded('score-sheet-not-found', { sheet: `${orgCode}/${code}@${version}` });
    return view;
  }

  /** A pinned reference "<org>/<code>@<version>" resolved to its sheet, or 422 naming `field`. */
  async resolveRef(user: AuthUser, ref: string, field: string): Promise<SheetView> {
    const match = /^([^/]+)\/([a-z0-9-]+)@(\d+)$/.exec(ref);
    if (!match) throw new ValidationError([{ path: field, rule: 'sheet-ref', message: 'Phiếu chấm điểm ghi dạng “<đơn vị>/<mã>@<phiên bản>”, ví dụ “DU-KHOI-A/thuong-ky@2”', params: { sheet: ref } }]);
    try {
      return await this.one(user, match[1]!, match[2]!, Number(match[3]));
    } catch (error) {
      if (error instanceof NotFoundError) throw new ValidationError([{ path: field, rule: 'unknown-sheet', message: `Không có phiếu chấm điểm “${ref}”`, params: { sheet: ref } }]);
      throw error;
    }
  }

  /**
   * Saves a new version of `code` for `org` (version 1 for a new code). An invalid sheet is refused with every issue
   * under `sheet.` (bands with a gap or an overlap: `bands-gap`, `bands-overlap`) and nothing is saved.
   */
  async create(user: AuthUser, org: OrgUnit, input: { code: string; appliesTo: AppliesTo; sheet: unknown }, now: string): Promise<SheetView> {
    const issues = validateScoreSheet(input.sheet).map((i) => ({ ...i, path: i.path ? `sheet.${i.path}` : 'sheet' }));
    if (issues.length) throw new ValidationError(issues);
    const sheet = input.sheet as ScoreSheetDefinition;
    // Two committee members saving at once: the unique (org, code, version) index lets one win; the other retries once.
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await this.ds.transaction(async (m) => {
          const latest = await m.findOne(ScoreSheet, { where: { orgId: org.id, code: input.code }, order: { version: 'DESC' } });
          const version = (latest?.version ?? 0) + 1;
          const saved = m.create(ScoreSheet, { id: crypto.randomUUID(), orgId: org.id, code: input.code, version, title: sheet.title, appliesTo: input.appliesTo, definition: sheet, createdBy: user.id, createdAt: now });
          await m.save(ScoreSheet, saved);
          await recordAdminAction(m, {
            type: 'score-sheet-saved',
            org: org.code,
            actorUserId: user.id,
            at: now,
            subject: { code: input.code, version },
            before: latest ? { version: latest.version } : null,
            after: { version, title: sheet.title, appliesTo: input.appliesTo, sheet },
          });
          return saved;
        });
        return this.views([row], new Map([[org.id, org.code]]))[0]!;
      } catch (error) {
        if (attempt === 0 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  private views(rows: readonly ScoreSheet[], codeOf: ReadonlyMap<string, string>): SheetView[] {
    const latest = new Map<string, number>();
    for (const r of rows) latest.set(`${r.orgId}/${r.code}`, Math.max(latest.get(`${r.orgId}/${r.code}`) ?? 0, r.version));
    return rows.map((r) => {
      const owner = codeOf.get(r.orgId) ?? '?';
      return {
        ref: `${owner}/${r.code}@${r.version}`,
        owner,
        code: r.code,
        version: r.version,
        title: r.title,
        appliesTo: (APPLIES_TO as readonly string[]).includes(r.appliesTo) ? (r.appliesTo as AppliesTo) : 'any',
        latest: latest.get(`${r.orgId}/${r.code}`) === r.version,
        sheet: r.definition as ScoreSheetDefinition,
        createdAt: r.createdAt,
      };
    });
  }
}
