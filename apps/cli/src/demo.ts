import { loadConfig } from '@chibo/config';
import { createDataSource, OrgUnit, runMigrations } from '@chibo/db';
import { seedAdmin } from '@chibo/api';
import { loadFixtures } from '@chibo/scenario';
import type { DataSource } from 'typeorm';
import { seedOrganisation } from './seed-organisation';
import { ADMIN_LOGIN, usersOf } from './scenario/scenario-users';

/** The password of every demo account (printed by `npm start`; the demo is for trying chibo, not for real data). */
export const DEMO_PASSWORD = 'chibo-demo';

/**
 * Loads the demo organisation — the committees, cells and members of the example scenarios, and one account per
 * committee and member — unless it is there already. Returns the accounts to print.
 */
export async function loadDemo(dataSource: DataSource): Promise<{ created: boolean; logins: Array<{ login: string; who: string }> }> {
  let created = false;
  const logins: Array<{ login: string; who: string }> = [{ login: ADMIN_LOGIN, who: 'Quản trị viên' }];
  for (const { scenario } of loadFixtures()) {
    const users = usersOf(scenario.org);
    const exists = await dataSource.manager.findOne(OrgUnit, { where: { code: scenario.org.code } });
    if (!exists) {
      await seedOrganisation(dataSource, scenario.org, users, () => DEMO_PASSWORD, new Date().toISOString(), ADMIN_LOGIN);
      created = true;
    }
    // Two scenarios may share an org tree (ngoc-son-2019 and its cascade): each account is printed once.
    for (const u of users.filter((x) => !x.member || x.grants.some((g) => g.role === 'secretary'))) {
      if (!logins.some((l) => l.login === u.login)) logins.push({ login: u.login, who: u.displayName });
    }
  }
  await seedAdmin(dataSource, { login: ADMIN_LOGIN, password: DEMO_PASSWORD });
  return { created, logins };
}

/** True when the demo organisation is in the database (one of the scenarios' root units exists). */
export async function hasDemo(dataSource: DataSource): Promise<boolean> {
  for (const { scenario } of loadFixtures()) {
    if (await dataSource.manager.exists(OrgUnit, { where: { code: scenario.org.code } })) return true;
  }
  return false;
}

/** `chibo demo`. */
export async function runDemo(): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource(config.databaseUrl ? { url: config.databaseUrl } : { sqlitePath: config.sqlitePath });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const { created, logins } = await loadDemo(dataSource);
    console.log(created ? 'Đã nạp tổ chức mẫu.' : 'Tổ chức mẫu đã có sẵn.');
    printLogins(logins);
  } finally {
    await dataSource.destroy();
  }
}

/** Prints the demo accounts. */
export function printLogins(logins: Array<{ login: string; who: string }>): void {
  console.log(`Tài khoản mẫu (mật khẩu: ${DEMO_PASSWORD}):`);
  for (const l of logins) console.log(`  ${l.login.padEnd(34)} ${l.who}`);
  console.log('  (mỗi đảng viên cũng có tài khoản <mã chi bộ>.<mã đảng viên>, ví dụ cb-thcs-ai-mo.m04)');
}
