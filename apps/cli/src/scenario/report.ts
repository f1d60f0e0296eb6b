import type { ScenarioResult, YearResult } from './run-scenario';

/** A human summary of a run: each cell's outcome, the guidance, and every mismatch or fact that could not be applied. */
export function formatResult(result: ScenarioResult, db: string): string {
  const lines: string[] = [];
  const ok = result.mismatches.length === 0 && result.errors.length === 0;
  lines.push(`${ok ? '✔' : '✘'} ${result.scenario.name} (${db}) — ${ok ? 'khớp kết quả mong đợi' : 'KHÔNG khớp'}`);
  for (const [code, cell] of Object.entries(result.outcome.cells)) {
    const docs = Object.entries(cell.documents).map(([t, n]) => `${t} ${n}`).join(', ');
    lines.push(
      `  ${code}: ${cell.status}, có mặt ${cell.attendance ? `${cell.attendance.present}/${cell.attendance.eligible}` : '—'}, nghị quyết ${cell.resolution ?? '—'}, xếp loại ${cell.rating ?? '—'}, báo cáo ${cell.report}, phát hiện [${cell.findings.join(', ')}]${docs ? `; ${docs}` : ''}`,
    );
  }
  const g = result.outcome.guidance;
  lines.push(`  Hướng dẫn: ${g.status}, đã báo cáo ${g.reported} (đúng hạn ${g.onTime}, muộn ${g.late}), thiếu ${g.missing}; xếp loại ${JSON.stringify(g.ratings)}; ${Object.entries(g.documents).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  for (const [code, own] of Object.entries(result.outcome.implementations ?? {})) {
    lines.push(
      `  ${code} (thực hiện): ${own.status}, báo cáo lên cấp trên ${own.report}; đã nhận báo cáo ${own.reported} (đúng hạn ${own.onTime}, muộn ${own.late}), thiếu ${own.missing}; xếp loại ${JSON.stringify(own.ratings)}; ${Object.entries(own.documents).map(([t, n]) => `${t} ${n}`).join(', ')}`,
    );
  }
  for (const m of result.mismatches) lines.push(`  ✘ ${m.path}: mong đợi ${JSON.stringify(m.expected)}, thực tế ${JSON.stringify(m.actual)}`);
  for (const e of result.errors) lines.push(`  ✘ ${e}`);
  return lines.join('\n');
}

/** A human summary of a year's run: the year (rating, findings, plan), each session of the calendar, every mismatch. */
export function formatYearResult(result: YearResult, db: string): string {
  const lines: string[] = [];
  const ok = result.mismatches.length === 0 && result.errors.length === 0;
  lines.push(`${ok ? '✔' : '✘'} ${result.scenario.name} (${db}) — ${ok ? 'khớp kết quả mong đợi' : 'KHÔNG khớp'}`);
  const y = result.outcome.year;
  lines.push(
    `  Năm ${result.scenario.year.year} của ${result.scenario.year.cell}: ${y.held}/${y.scheduled} buổi đã tổ chức, xếp loại năm ${y.rating ?? '—'}, kế hoạch chuyên đề ${y.plan}, phát hiện [${y.findings.join(', ')}]${y.absentConsecutive.length ? `, vắng liên tiếp: ${y.absentConsecutive.join(', ')}` : ''}${Object.keys(y.documents).length ? `; ${Object.entries(y.documents).map(([t, n]) => `${t} ${n}`).join(', ')}` : ''}`,
  );
  for (const [key, s] of Object.entries(result.outcome.sessions)) {
    lines.push(`  ${key}: ${s.status}, có mặt ${s.attendance ? `${s.attendance.present}/${s.attendance.eligible}` : '—'}, xếp loại ${s.rating ?? '—'}, báo cáo ${s.report}, phát hiện [${s.findings.join(', ')}]`);
  }
  for (const m of result.mismatches) lines.push(`  ✘ ${m.path}: mong đợi ${JSON.stringify(m.expected)}, thực tế ${JSON.stringify(m.actual)}`);
  for (const e of result.errors) lines.push(`  ✘ ${e}`);
  return lines.join('\n');
}
