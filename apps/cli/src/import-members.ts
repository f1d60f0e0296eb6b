import { loadConfig } from '@chibo/config';
import { createDataSource, OrgUnit, runMigrations } from '@chibo/db';
import { parseMemberCsv, upsertMembers } from '@chibo/api';
import { readFileSync } from 'node:fs';

/**
 * `chibo import members <csv> --cell CODE`: validates every row first and saves all of them or none, printing a
 * row-by-row report when something is wrong. Returns the exit code.
 */
export async function importMembers(file: string, cellCode: string): Promise<number> {
  const parsed = parseMemberCsv(readFileSync(file, 'utf8'));
  if (!parsed.ok) {
    console.error('Không nhập được; chưa có dữ liệu nào được lưu:');
    for (const issue of parsed.issues) console.error(`  tệp: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    for (const row of parsed.rows.filter((r) => !r.ok)) {
      for (const issue of row.issues) console.error(`  dòng ${row.row}${row.code ? ` (${row.code})` : ''}: ${issue.path} — ${issue.message}`);
    }
    return 1;
  }
  const config = loadConfig();
  const dataSource = createDataSource(config.databaseUrl ? { url: config.databaseUrl } : { sqlitePath: config.sqlitePath });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const cell = await dataSource.manager.findOne(OrgUnit, { where: { code: cellCode } });
    if (!cell || cell.kind !== 'cell') {
      console.error(`Không tìm thấy chi bộ ${cellCode}`);
      return 1;
    }
    const result = await dataSource.transaction((m) => upsertMembers(m, cell, parsed.members));
    console.log(`Đã nhập ${parsed.members.length} đảng viên vào ${cellCode}: thêm ${result.created}, cập nhật ${result.updated}, không đổi ${result.unchanged}.`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
