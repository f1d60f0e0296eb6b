import { createOrgUnit, createUser } from '@chibo/api';
import { loadConfig } from '@chibo/config';
import { createDataSource, OrgUnit, runMigrations } from '@chibo/db';
import { randomInt } from 'node:crypto';

/**
 * `chibo admin create`: the first administrator of a real installation (there are no default accounts). Creates the
 * root committee when it is missing, and an account with an admin grant on it and a one-time password, printed once,
 * that must be changed at the first login.
 */
export async function createAdmin(opts: { root: string; name?: string; login: string }): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource(config.databaseUrl ? { url: config.databaseUrl } : { sqlitePath: config.sqlitePath });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const root = await dataSource.manager.findOne(OrgUnit, { where: { code: opts.root } });
    if (!root) {
      if (!opts.name) throw new Error(`Chưa có đơn vị ${opts.root}: thêm --name "<Tên đảng ủy>" để tạo đảng ủy gốc.`);
      await createOrgUnit(dataSource, { code: opts.root, name: opts.name, abbr: 'ĐU', kind: 'committee' });
    } else if (root.parentId !== null) {
      throw new Error(`${opts.root} không phải đơn vị gốc`);
    }
    const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789';
    const password = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('');
    await createUser(dataSource, { login: opts.login, password, displayName: 'Quản trị viên', grants: [{ role: 'admin', orgCode: opts.root }], mustChangePassword: true });
    console.log(`Đã tạo quản trị viên ${opts.login} của ${opts.root}.`);
    console.log(`Mật khẩu dùng một lần: ${password}`);
    console.log('Đồng chí phải đổi mật khẩu này ngay khi đăng nhập lần đầu.');
  } finally {
    await dataSource.destroy();
  }
}
