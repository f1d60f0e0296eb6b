import type { MemberStatus } from '@chibo/db';
import { CsvError, parse, type Info } from 'csv-parse/sync';
import type { FieldIssue } from '../common/errors';
import { MEMBER_ROLES, MEMBER_STATUSES, type MemberRole } from './dto/member.dto';

/** One good row of a member CSV. */
export interface MemberCsvRow {
  /** Line number in the file (the header is line 1). */
  row: number;
  code: string;
  name: string;
  status: MemberStatus;
  roles: MemberRole[];
}

/** The verdict on one row; `issues` name the column (`code`, `name`, `status`, `roles`) and the rule broken. */
export interface MemberCsvRowReport {
  row: number;
  code: string | null;
  ok: boolean;
  issues: FieldIssue[];
}

/** Either every row is good (`members`), or the report says what is wrong, row by row and with the file itself. */
export type MemberCsvResult =
  | { ok: true; members: MemberCsvRow[]; rows: MemberCsvRowReport[] }
  | { ok: false; rows: MemberCsvRowReport[]; issues: FieldIssue[] };

/** Columns of the member CSV; `roles` may be left out. */
export const MEMBER_CSV_COLUMNS = ['code', 'name', 'status', 'roles'] as const;
const REQUIRED_COLUMNS = ['code', 'name', 'status'] as const;
type Column = (typeof MEMBER_CSV_COLUMNS)[number];

/** Most rows one import accepts. */
export const MAX_MEMBER_CSV_ROWS = 5_000;

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CONTROL_CHARS = /[\u0000-\u001F\u007F]/;

// Secretaries type what they say: the Vietnamese words are accepted next to the English codes.
const STATUS_WORDS: Record<string, MemberStatus> = {
  'chính thức': 'official',
  'dự bị': 'probationary',
  'miễn sinh hoạt': 'exempt',
  'đình chỉ': 'suspended',
};
const ROLE_WORDS: Record<string, MemberRole> = {
  'bí thư': 'secretary',
  'phó bí thư': 'deputy-secretary',
  'chi ủy viên': 'committee',
  'cấp ủy viên': 'committee',
};

function word(text: string): string {
  return text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
}

function parseStatus(text: string): MemberStatus | undefined {
  const key = word(text);
  return (MEMBER_STATUSES as readonly string[]).includes(key) ? (key as MemberStatus) : STATUS_WORDS[key];
}

function parseRole(text: string): MemberRole | undefined {
  const key = word(text);
  return (MEMBER_ROLES as readonly string[]).includes(key) ? (key as MemberRole) : ROLE_WORDS[key];
}

/**
 * Parses and validates a member list: header `code,name,status,roles` (roles separated by ";", optional column),
 * UTF-8 with or without BOM, comma-separated, quotes as in RFC 4180. Pure: the same text always gives the same
 * result, and nothing is saved — the API imports only when `ok` is true (all-or-nothing); the CLI can reuse it.
 */
export function parseMemberCsv(text: string): MemberCsvResult {
  let records: Array<{ record: string[]; info: Info }>;
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: Info }>;
  } catch (error) {
    const line = error instanceof CsvError && typeof error.lines === 'number' ? error.lines : undefined;
    const detail = error instanceof CsvError ? ` (dòng ${line ?? '?'})` : '';
    return failFile('csv', 'csv-syntax', `Tệp CSV bị lỗi cú pháp${detail}: kiểm tra dấu ngoặc kép và dấu phẩy`, line !== undefined ? { line } : undefined);
  }
  const nonEmpty = records.filter(({ record }) => record.some((field) => field !== ''));
  const [header, ...body] = nonEmpty;
  if (!header) return failFile('csv', 'empty', 'Tệp CSV trống: cần dòng tiêu đề code,name,status,roles và ít nhất một dòng');

  const columns = header.record.map((name) => name.trim().toLowerCase());
  const headerIssues = checkHeader(columns);
  if (headerIssues.length > 0) return { ok: false, rows: [], issues: headerIssues };
  if (body.length === 0) return failFile('csv', 'empty', 'Tệp CSV không có dòng dữ liệu nào');
  if (body.length > MAX_MEMBER_CSV_ROWS) {
    return failFile('csv', 'too-many-rows', `Tệp CSV có ${body.length} dòng; tối đa ${MAX_MEMBER_CSV_ROWS} dòng mỗi lần nhập`, { rows: body.length, max: MAX_MEMBER_CSV_ROWS });
  }

  const firstRowOfCode = new Map<string, number>();
  const rows: MemberCsvRowReport[] = [];
  const members: MemberCsvRow[] = [];
  for (const { record, info } of body) {
    const row = info.lines;
    const cell = (column: Column): string => record[columns.indexOf(column)] ?? '';
    const issues: FieldIssue[] = [];

    // A short row just leaves its last cells empty (the required ones are reported below); a long one is a mistake.
    if (record.length > columns.length) {
      issues.push({ path: 'row', rule: 'columns', message: `Dòng có ${record.length} cột; tiêu đề chỉ có ${columns.length} cột`, params: { columns: record.length, header: columns.length } });
    }
    const code = cell('code');
    if (code === '') issues.push({ path: 'code', rule: 'required', message: 'Thiếu mã đảng viên', params: { field: 'code' } });
    else if (code.length > 100 || !CODE.test(code)) {
      issues.push({ path: 'code', rule: 'format', message: 'Mã chỉ gồm chữ cái không dấu, chữ số, “.”, “_”, “-” (tối đa 100 ký tự)', params: { format: 'member-code' } });
    } else {
      const first = firstRowOfCode.get(code);
      if (first !== undefined) issues.push({ path: 'code', rule: 'duplicate', message: `Mã ${code} bị trùng với dòng ${first}`, params: { code, row: first } });
      else firstRowOfCode.set(code, row);
    }

    const name = cell('name');
    if (name === '') issues.push({ path: 'name', rule: 'required', message: 'Thiếu họ tên', params: { field: 'name' } });
    else if (name.length > 300 || CONTROL_CHARS.test(name)) {
      issues.push({ path: 'name', rule: 'format', message: 'Họ tên quá dài hoặc có ký tự không hợp lệ', params: { format: 'member-name' } });
    }

    const statusText = cell('status');
    const status = parseStatus(statusText);
    if (statusText === '') issues.push({ path: 'status', rule: 'required', message: 'Thiếu tình trạng đảng viên', params: { field: 'status' } });
    else if (!status) {
      issues.push({
        path: 'status',
        rule: 'enum',
        message: `Tình trạng “${statusText}” không hợp lệ; dùng official (chính thức), probationary (dự bị), exempt (miễn sinh hoạt) hoặc suspended (đình chỉ)`,
        params: { value: statusText, values: 'official, probationary, exempt, suspended' },
      });
    }

    const roles: MemberRole[] = [];
    for (const part of cell('roles').split(';').map((piece) => piece.trim()).filter(Boolean)) {
      const role = parseRole(part);
      if (!role) {
        issues.push({
          path: 'roles',
          rule: 'enum',
          message: `Chức vụ “${part}” không hợp lệ; dùng secretary (Bí thư), deputy-secretary (Phó Bí thư) hoặc committee (chi ủy viên)`,
          params: { value: part, values: 'secretary, deputy-secretary, committee' },
        });
      } else if (!roles.includes(role)) roles.push(role);
    }

    rows.push({ row, code: code === '' ? null : code, ok: issues.length === 0, issues });
    if (issues.length === 0 && status) members.push({ row, code, name, status, roles });
  }

  if (rows.every((report) => report.ok)) return { ok: true, members, rows };
  const issues = rows.flatMap((report) => report.issues.map((issue) => ({ ...issue, path: `csv[${report.row}].${issue.path}` })));
  return { ok: false, rows, issues };
}

function checkHeader(columns: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const column of columns) {
    if (!(MEMBER_CSV_COLUMNS as readonly string[]).includes(column)) {
      issues.push({ path: 'header', rule: 'unknown-column', message: `Cột “${column}” không được hỗ trợ; các cột: code, name, status, roles`, params: { column, columns: MEMBER_CSV_COLUMNS.join(', ') } });
    }
  }
  for (const column of new Set(columns)) {
    if (columns.indexOf(column) !== columns.lastIndexOf(column)) {
      issues.push({ path: 'header', rule: 'duplicate-column', message: `Cột “${column}” xuất hiện nhiều lần`, params: { column } });
    }
  }
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.includes(column)) issues.push({ path: 'header', rule: 'missing-column', message: `Thiếu cột “${column}”`, params: { column } });
  }
  return issues;
}

function failFile(path: string, rule: string, message: string, params?: FieldIssue['params']): MemberCsvResult {
  return { ok: false, rows: [], issues: [{ path, rule, message, ...(params ? { params } : {}) }] };
}
