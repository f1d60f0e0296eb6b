import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { ValidationError } from '../../common/errors';
import { parseTraceQuery, requestedPage, TRACE_PAGE_SIZE, TRACE_PARAMS, type TraceIssue } from './trace-query';
import { TraceService } from './trace.service';

type FilterName = keyof typeof TRACE_PARAMS;
const FILTERS = Object.keys(TRACE_PARAMS) as FilterName[];

/**
 * The auditor's trace of a guidance as JSON (ADR 0035): the page `/kiem-tra/:id` (ADR 0027) for programs — the same
 * units, filters (by their English names: `unit`, `finding`, `person`, `step`, `from`, `to`), pages of 50 entries
 * grouped by step, and the same 422s naming the field and the rule. Read with the bearer token; who may read it is who
 * may see the guidance (404 otherwise), as for `GET /guidance/{id}`.
 */
@ApiTags('audit')
@Controller('audit/traces')
export class TraceApiController {
  constructor(private readonly traces: TraceService) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Dấu vết tuân thủ của một hướng dẫn (như trang /kiem-tra/{id}): các đơn vị, các mục theo bước, 50 mục một trang',
    description:
      'Lọc: unit (mã chi bộ, hoặc mã cấp ủy ban hành), finding (mã phát hiện), person (mã tài khoản), step (mã bước), from / to (ngày, giờ Việt Nam, YYYY-MM-DD hoặc dd/mm/yyyy), page (từ 1). Bộ lọc sai: 422 nêu trường và quy tắc (date, range, page, page-max, finding-code, unit, step, person).',
  })
  async trace(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() raw: Record<string, unknown>) {
    const query = parseTraceQuery(Object.fromEntries(FILTERS.map((name) => [TRACE_PARAMS[name], raw[name]])), 'vi');
    const trace = await this.traces.trace(user, 'vi', id, query);
    const issues = [...trace.issues];
    const page = requestedPage(trace.units, query.page, 'vi', issues);
    if (issues.length) throw new ValidationError(issues.map(apiIssue));
    await this.traces.withAudit(user, page.sections.map((s) => ({ instanceId: s.unit.instanceId, entries: s.groups.flatMap((g) => g.entries) })));
    const { href: _page, ...guidance } = trace.guidance;
    return {
      guidance,
      filters: Object.fromEntries(FILTERS.filter((name) => name !== 'page').map((name) => [name, query.values[name] || null])),
      page: page.page,
      pages: page.pages,
      pageSize: TRACE_PAGE_SIZE,
      total: page.total,
      cells: trace.cellCount,
      units: page.sections.map(({ unit, continued, continues, groups }) => ({
        side: unit.side,
        code: unit.code,
        name: unit.name,
        instanceId: unit.instanceId,
        status: unit.status,
        continued,
        continues,
        groups: groups.map((g) => ({
          stepId: g.stepId,
          step: g.title,
          firstAt: g.firstAt,
          lastAt: g.lastAt,
          findings: g.findings,
          entries: g.entries.map((e) => ({
            seq: e.seq,
            at: e.at,
            recordedAt: e.recordedAt,
            kind: e.kind,
            who: e.who,
            actorId: e.actorId,
            text: e.text,
            finding: e.finding,
            document: e.document ? { number: e.document.number } : null,
            audit: e.audit,
          })),
        })),
      })),
      options: trace.options,
    };
  }
}

/** A filter issue under the API's name of its field (`from`, not the page's `tu`). */
function apiIssue(issue: TraceIssue): TraceIssue {
  const name = FILTERS.find((n) => TRACE_PARAMS[n] === issue.path);
  return { ...issue, path: name ?? issue.path };
}
