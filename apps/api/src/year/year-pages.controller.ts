import { findOrgUnit } from '@chibo/db';
import { RATINGS, type Rating, type ScoreSheetDefinition } from '@chibo/rules';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { ScopeService } from '../auth/scope.service';
import { unknownOrg, ValidationError } from '../common/errors';
import { one, type FormBody } from '../web/forms/form-body';
import { issueLines } from '../web/forms/issue-words';
import { translate } from '../web/i18n/i18n';
import { renderPage } from '../web/render';
import { WebAuthGuard } from '../web/session/web-auth.guard';
import { WebExceptionFilter } from '../web/session/web-exception.filter';
import type { WebRequest } from '../web/session/web-request';
import { WEB, seg } from '../web/web-paths';
import { ProcedureEngine } from '../engine/procedure-engine';
import { MemberRecordService } from './member-record.service';
import { APPLIES_TO, ScoreSheetsService, type AppliesTo } from './score-sheets.service';
import { YearRatingsService } from './year-ratings.service';
import { absenceInWords, criterionInWords, groundsInWords } from './year-words';

const RATING_CLASS: Record<Rating, string> = { Tốt: 'ok', Khá: 'info', 'Trung bình': 'warning', Kém: 'danger' };

/**
 * The year pages: a committee's overview of its cells' year ratings (with a CSV download), a cell's year with the
 * sessions it came from and each session's HD 12 criteria, a member's own record, and the committee's score sheets.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class YearPagesController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly years: YearRatingsService,
    private readonly sheets: ScoreSheetsService,
    private readonly records: MemberRecordService,
  ) {}

  @Get(WEB.yearRatings.slice(1))
  async overview(@Req() req: WebRequest, @Res() res: Response, @Query('don-vi') org?: string, @Query('nam') year?: string) {
    await this.renderOverview(req, res, org, year, null, 200);
  }

  /** The committee sets its year rule from the overview page; a rule that makes no sense comes back with 422. */
  @Post(`${WEB.yearRatings.slice(1)}/quy-dinh`)
  async setRule(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const org = one(body, 'org') ?? '';
    const year = one(body, 'year') ?? '';
    const number = (name: string) => {
      const text = one(body, name);
      return text === undefined || text === '' ? undefined : Number(text);
    };
    const rule = { minTot: number('minTot'), totFloor: one(body, 'totFloor') as Rating | undefined, khaFloor: one(body, 'khaFloor') as Rating | undefined, maxConsecutiveAbsences: number('maxConsecutiveAbsences') };
    const unit = await findOrgUnit(this.ds.manager, { code: org });
    const acting = this.scope.requireAct(req.user!, unit, ['committee'], unknownOrg(org));
    try {
      await this.years.setRule(req.user!, acting, rule, this.engine.clock.now());
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await this.renderOverview(req, res, org, year, issueLines(error.issues, req.web!.lang, { plugin: 'yearRule' }), 422);
      return;
    }
    res.redirect(303, `${WEB.yearRatings}?don-vi=${seg(org)}&nam=${seg(year)}`);
  }

  private async renderOverview(req: WebRequest, res: Response, org: string | undefined, year: string | undefined, ruleErrors: string[] | null, status: number) {
    const lang = req.web!.lang;
    const user = req.user!;
    const committees = (await this.ds.manager.createQueryBuilder().select('o.code', 'code').addSelect('o.name', 'name').addSelect('o.path', 'path').from('org_units', 'o').where("o.kind = 'committee'").orderBy('o.path').getRawMany<{ code: string; name: string; path: string }>()).filter((c) =>
      this.scope.canSee(user, c.path),
    );
    const chosen = committees.find((c) => c.code === org) ?? committees[0];
    const y = year ?? req.web!.now.slice(0, 4);
    const data = chosen ? await this.years.overview(user, chosen.code, y) : null;
    const canSetRule = chosen ? this.scope.canAct(user, chosen.path, ['committee']) && !this.scope.isReadOnly(user) : false;
    renderPage(req, res, 'year/overview', {
      title: translate(lang, 'year.overviewTitle'),
      canSetRule,
      ruleErrors,
      ratingOptions: RATINGS,
      committees: committees.map((c) => ({ value: c.code, label: c.name, selected: c.code === chosen?.code })),
      year: data?.year ?? y,
      data: data
        ? {
            ...data,
            // The note in the page's language (ADR 0034), not the API's Vietnamese.
            rows: data.rows.map((r) => ({ ...r, note: groundsInWords(r.grounds, lang).join('; '), cls: r.rating ? RATING_CLASS[r.rating] : 'muted', href: `${WEB.yearRatings}/chi-bo/${seg(r.code)}?nam=${data.year}`, countList: RATINGS.map((x) => ({ rating: x, n: r.counts[x] })) })),
            csvHref: `${WEB.yearRatings}/tai-xuong?don-vi=${seg(data.committee.code)}&nam=${data.year}`,
          }
        : null,
    }, { status });
  }

  @Get(`${WEB.yearRatings.slice(1)}/tai-xuong`)
  async csv(@Req() req: WebRequest, @Res() res: Response, @Query('don-vi') org: string, @Query('nam') year: string) {
    const data = await this.years.overview(req.user!, String(org ?? ''), year);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="xep-loai-nam-${data.committee.code}-${data.year}.csv"`);
    res.send(this.years.overviewCsv(data.rows));
  }

  @Get(`${WEB.yearRatings.slice(1)}/chi-bo/:cell`)
  async cellYear(@Req() req: WebRequest, @Res() res: Response, @Param('cell') cell: string, @Query('nam') year?: string) {
    const lang = req.web!.lang;
    const y = year ?? req.web!.now.slice(0, 4);
    const data = await this.years.cellYear(req.user!, cell, y);
    const secretary = this.scope.canAct(req.user!, (await findOrgUnit(this.ds.manager, { code: cell }))!.path, ['secretary']);
    renderPage(req, res, 'year/cell', {
      title: translate(lang, 'year.cellTitle', { cell: data.cell.name, year: data.year }),
      data: {
        ...data,
        cls: RATING_CLASS[data.rating],
        reasons: groundsInWords(data.grounds, lang),
        countList: RATINGS.map((r) => ({ rating: r, n: data.counts[r] })),
        sessions: data.sessions.map((s) => ({
          ...s,
          kindLabel: translate(lang, s.kind === 'regular' ? 'year.regular' : 'year.thematic'),
          href: `${WEB.dossiers}/${seg(s.instanceId)}`,
          ratingText: s.rating ?? translate(lang, 'year.unrated'),
          criteria: s.criteria.map((c) => ({ ...c, ...criterionInWords(c, lang), status: translate(lang, c.met ? 'year.met' : 'year.notMet') })),
        })),
        findings: data.findings.map((f) => ({ ...f, detail: absenceInWords(f, lang), href: secretary ? `${WEB.memberRecord}/${seg(data.cell.code)}/${seg(f.member)}?nam=${data.year}` : null })),
      },
    });
  }

  @Get(`${WEB.memberRecord.slice(1)}/:cell/:member`)
  async memberRecord(@Req() req: WebRequest, @Res() res: Response, @Param('cell') cell: string, @Param('member') member: string, @Query('nam') year?: string, @Query('da-luu') saved?: string) {
    const lang = req.web!.lang;
    const data = await this.records.record(req.user!, cell, member, year ?? req.web!.now.slice(0, 4));
    renderPage(req, res, 'year/member', {
      title: translate(lang, 'year.memberTitle', { name: data.member.name, year: data.year }),
      saved: saved === '1',
      action: `${WEB.memberRecord}/${seg(data.cell.code)}/${seg(data.member.code)}/xem-lai?nam=${data.year}`,
      data: {
        ...data,
        // The member's absence runs in the page's language, like a cell's year (the rules' sentence is Vietnamese).
        findings: data.findings.map((f) => ({ ...f, detail: absenceInWords(f, lang) })),
        sessions: data.sessions.map((s) => ({
          ...s,
          kindLabel: translate(lang, s.kind === 'regular' ? 'year.regular' : 'year.thematic'),
          presence: translate(lang, s.present ? 'year.present' : s.excused ? 'year.absentExcused' : 'year.absentUnexcused'),
          roleText: s.role.join(', '),
          reason: s.reason ?? '',
        })),
        plans: data.plans.map((p) => ({
          ...p,
          flaggedText: p.flagged.join(', '),
          later: data.sessions.filter((s) => Date.parse(s.heldAt) > Date.parse(data.sessions.find((x) => x.instanceId === p.instanceId)?.heldAt ?? '')).map((s) => ({ value: s.instanceId, label: s.day })),
        })),
      },
    });
  }

  @Post(`${WEB.memberRecord.slice(1)}/:cell/:member/xem-lai`)
  async markReviewed(@Req() req: WebRequest, @Res() res: Response, @Param('cell') cell: string, @Param('member') member: string, @Body() body: FormBody, @Query('nam') year?: string) {
    const reviewedIn = one(body, 'reviewedIn');
    const note = one(body, 'note');
    await this.records.review(req.user!, { cell, member, instanceId: one(body, 'instanceId') ?? '', ...(reviewedIn ? { reviewedIn } : {}), ...(note ? { note } : {}) }, this.engine.clock.now());
    res.redirect(303, `${WEB.memberRecord}/${seg(cell)}/${seg(member)}?nam=${encodeURIComponent(year ?? '')}&da-luu=1`);
  }

  @Get(WEB.scoreSheets.slice(1))
  async sheetList(@Req() req: WebRequest, @Res() res: Response, @Query('don-vi') org?: string, @Query('sua') edit?: string) {
    await this.renderSheets(req, res, org, null, {}, 200, edit);
  }

  @Post(WEB.scoreSheets.slice(1))
  async sheetCreate(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const org = one(body, 'org') ?? '';
    const values = { code: one(body, 'code') ?? '', title: one(body, 'title') ?? '', appliesTo: one(body, 'appliesTo') ?? 'any', criteria: one(body, 'criteria') ?? '', bands: one(body, 'bands') ?? '', fullMarks: one(body, 'fullMarks') ?? '', minMarks: one(body, 'minMarks') ?? '' };
    try {
      const unit = await findOrgUnit(this.ds.manager, { code: org });
      const acting = this.scope.requireAct(req.user!, unit, ['committee'], unknownOrg(org));
      const saved = await this.sheets.create(req.user!, acting, { code: values.code, appliesTo: (APPLIES_TO as readonly string[]).includes(values.appliesTo) ? (values.appliesTo as AppliesTo) : 'any', sheet: sheetFromForm(values) }, this.engine.clock.now());
      res.redirect(303, `${WEB.scoreSheets}?don-vi=${seg(org)}&da-luu=${seg(saved.ref)}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await this.renderSheets(req, res, org, issueLines(error.issues, req.web!.lang, { plugin: 'sheet' }, { criteria: 'sheets.issue.criterion', bands: 'sheets.issue.band', conditions: 'sheets.issue.condition' }), values, 422);
    }
  }

  private async renderSheets(req: WebRequest, res: Response, org: string | undefined, errors: string[] | null, values: Record<string, string>, status: number, edit?: string) {
    const lang = req.web!.lang;
    const user = req.user!;
    const units = (await this.ds.manager.createQueryBuilder().select('o.code', 'code').addSelect('o.name', 'name').addSelect('o.path', 'path').from('org_units', 'o').where("o.kind = 'committee'").orderBy('o.path').getRawMany<{ code: string; name: string; path: string }>()).filter((c) =>
      this.scope.canSee(user, c.path),
    );
    const chosen = units.find((u) => u.code === org) ?? units[0];
    const list = chosen ? await this.sheets.usableBy(user, chosen.code) : this.sheets.defaults();
    const savedRef = typeof req.query['da-luu'] === 'string' ? req.query['da-luu'] : null;
    // "Sửa" on one of the unit's own sheets fills the form with it: saving makes its next version.
    const editing = edit ? list.find((s) => s.ref === edit && s.owner === chosen?.code) : undefined;
    const filled = editing ? { code: editing.code, title: editing.title, appliesTo: editing.appliesTo, ...formFromSheet(editing.sheet) } : values;
    const canCreate = chosen ? this.scope.canAct(user, chosen.path, ['committee']) && !this.scope.isReadOnly(user) : false;
    renderPage(
      req,
      res,
      'year/sheets',
      {
        title: translate(lang, 'sheets.title'),
        units: units.map((u) => ({ value: u.code, label: u.name, selected: u.code === chosen?.code })),
        org: chosen?.code ?? '',
        canCreate,
        savedRef,
        errors,
        editing: editing?.ref ?? null,
        values: { code: '', title: '', appliesTo: 'any', criteria: '', bands: '', fullMarks: '', minMarks: '', ...filled },
        appliesOptions: APPLIES_TO.map((a) => ({ value: a, label: translate(lang, `sheets.applies.${a}`), selected: (filled['appliesTo'] ?? 'any') === a })),
        sheets: list.map((s) => ({
          ...s,
          appliesText: translate(lang, `sheets.applies.${s.appliesTo}`),
          criteria: s.sheet.kind === 'marks' ? s.sheet.criteria : [],
          bands: s.sheet.kind === 'marks' ? [...s.sheet.bands].sort((a, b) => b.min - a.min) : [],
          conditions: s.sheet.kind === 'marks' ? conditionTexts(lang, s.sheet) : [],
          editHref: canCreate && s.owner === chosen?.code ? `${WEB.scoreSheets}?don-vi=${seg(s.owner)}&sua=${seg(s.ref)}#new-h` : null,
        })),
      },
      { status },
    );
  }
}

/** Each condition of a marks sheet as the page words it (criteria by their names for a min-marks one). */
function conditionTexts(lang: Parameters<typeof translate>[0], sheet: Extract<ScoreSheetDefinition, { kind: 'marks' }>): string[] {
  return (sheet.conditions ?? []).map((c) => {
    if (c.kind === 'full-marks') return translate(lang, 'sheets.fullMarks', { rating: c.rating, criteria: c.criteria.join(', '), otherwise: c.otherwise });
    const criterion = sheet.criteria.find((x) => x.id === c.criterion);
    return translate(lang, 'sheets.minMarks', { rating: c.rating, criterion: criterion?.label ?? c.criterion, min: decimal(lang, c.min), max: decimal(lang, criterion?.max ?? c.min), otherwise: c.otherwise });
  });
}

function decimal(lang: string, value: number): string {
  return lang === 'vi' ? String(value).replace('.', ',') : String(value);
}

/**
 * The sheet from the page's plain form: one criterion per line "mã | tên | điểm tối đa", one band per line
 * "Xếp loại | từ | đến dưới", the criteria that need full marks for Tốt (comma-separated; Tốt becomes Khá), and one
 * min-marks condition per line "Xếp loại | mã tiêu chí | từ điểm | nếu không" (ADR 0036).
 */
export function sheetFromForm(values: Record<string, string>): unknown {
  const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => l.split('|').map((p) => p.trim()));
  const number = (text: string | undefined) => (text === undefined || text === '' ? Number.NaN : Number(text.replace(',', '.')));
  const criteria = lines(values['criteria'] ?? '').map(([id, label, max]) => ({ id: id ?? '', label: label ?? '', max: number(max) }));
  const bands = lines(values['bands'] ?? '').map(([rating, min, max]) => ({ rating: rating ?? '', min: number(min), max: number(max) }));
  const full = (values['fullMarks'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const minMarks = lines(values['minMarks'] ?? '').map(([rating, criterion, min, otherwise]) => ({ kind: 'min-marks', rating: rating ?? '', criterion: criterion ?? '', min: number(min), otherwise: otherwise ?? '' }));
  const conditions = [...(full.length ? [{ kind: 'full-marks', rating: 'Tốt', criteria: full, otherwise: 'Khá' }] : []), ...minMarks];
  return {
    kind: 'marks',
    title: values['title'] ?? '',
    criteria,
    bands,
    ...(conditions.length ? { conditions } : {}),
  };
}

// The form knows only "full marks for Tốt, else Khá"; a full-marks condition saved through the API on other ratings is
// shown as its criteria here, and saving from the form writes it as Tốt / Khá.
/** A saved sheet written back into the form's lines, to edit it into a new version. */
export function formFromSheet(sheet: ScoreSheetDefinition): Record<string, string> {
  if (sheet.kind !== 'marks') return {};
  const conditions = sheet.conditions ?? [];
  return {
    criteria: sheet.criteria.map((c) => `${c.id} | ${c.label} | ${c.max}`).join('\n'),
    bands: [...sheet.bands].sort((a, b) => a.min - b.min).map((b) => `${b.rating} | ${b.min} | ${b.max}`).join('\n'),
    fullMarks: conditions.flatMap((c) => (c.kind === 'full-marks' ? c.criteria : [])).join(', '),
    minMarks: conditions.flatMap((c) => (c.kind === 'min-marks' ? [`${c.rating} | ${c.criterion} | ${c.min} | ${c.otherwise}`] : [])).join('\n'),
  };
}
