import { loadConfig } from '@chibo/config';
import { createDataSource, OrgUnit, runMigrations, User } from '@chibo/db';
import { createUser, seedAdmin } from '@chibo/api';
import { loadFixtures } from '@chibo/scenario';
import type { DataSource } from 'typeorm';
import { seedOrganisation } from './seed-organisation';
import { ADMIN_LOGIN, usersOf } from './scenario/scenario-users';

/** The password of every demo account (printed by `npm start`; the demo is for trying chibo, not for real data). */
export const DEMO_PASSWORD = 'chibo-demo';

/** A demo account as the login page lists it: the login, who it is, and the role it signs in with. */
export interface DemoLogin {
  login: string;
  who: string;
  role: 'admin' | 'committee' | 'secretary' | 'member' | 'auditor';
}

/** The demo auditor of a scenario's top committee (read-only: the compliance trace and the audit log). */
export function demoAuditorLogin(rootCode: string): string {
  return `kiem-tra.${rootCode.toLowerCase()}`;
}

/**
 * Loads the demo organisation — the committees, cells and members of the example scenarios, one account per
 * committee and member, and an auditor (kiểm tra viên) of each top committee — unless it is there already. Returns
 * the accounts to print, each with its role.
 */
export async function loadDemo(dataSource: DataSource): Promise<{ created: boolean; logins: DemoLogin[] }> {
  let created = false;
  const logins: DemoLogin[] = [{ login: ADMIN_LOGIN, who: 'Quản trị viên', role: 'admin' }];
  for (const { scenario } of loadFixtures()) {
    const users = usersOf(scenario.org);
    const exists = await dataSource.manager.findOne(OrgUnit, { where: { code: scenario.org.code } });
    if (!exists) {
      await seedOrganisation(dataSource, scenario.org, users, () => DEMO_PASSWORD, new Date().toISOString(), ADMIN_LOGIN);
      created = true;
    }
    // Two scenarios may share an org tree (ngoc-son-2019 and its cascade): each account is printed once.
    for (const u of users.filter((x) => !x.member || x.grants.some((g) => g.role === 'secretary'))) {
      const role = u.member ? 'secretary' : 'committee';
      if (!logins.some((l) => l.login === u.login)) logins.push({ login: u.login, who: u.displayName, role });
    }
    const auditor = demoAuditorLogin(scenario.org.code);
    if (!logins.some((l) => l.login === auditor)) {
      const who = `Kiểm tra viên — ${scenario.org.name}`;
      if (!(await dataSource.manager.exists(User, { where: { login: auditor } }))) {
        await createUser(dataSource, { login: auditor, password: DEMO_PASSWORD, displayName: who, grants: [{ role: 'auditor', orgCode: scenario.org.code }] });
      }
      logins.push({ login: auditor, who, role: 'auditor' });
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

const ROLE_NAMES: Record<DemoLogin['role'], string> = { admin: 'quản trị viên', committee: 'cấp ủy', secretary: 'bí thư chi bộ', member: 'đảng viên', auditor: 'kiểm tra viên' };

/** Prints the demo accounts. */
export function printLogins(logins: DemoLogin[]): void {
  console.log(`Tài khoản mẫu (mật khẩu: ${DEMO_PASSWORD}):`);
  for (const l of logins) console.log(`  ${l.login.padEnd(34)} ${l.who} (${ROLE_NAMES[l.role]})`);
  console.log('  (mỗi đảng viên cũng có tài khoản <mã chi bộ>.<mã đảng viên>, ví dụ cb-thcs-ai-mo.m04)');
}
