import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { ENTITIES } from './entities';
import { createDataSource, defaultSqlitePath, isPostgresUrl } from './data-source';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

// These build data sources without connecting; the integration tests open real databases.
describe('createDataSource', () => {
  it.each(['postgres://postgres@127.0.0.1:5432/chibo', 'postgresql://u:p@db.example:5432/chibo', 'POSTGRES://h/db'])(
    'should choose Postgres with the Postgres migrations when the url is %s',
    (url) => {
      const ds = createDataSource({ url });

      expect(ds.options.type).toBe('postgres');
      expect(ds.options.migrations).toEqual([...POSTGRES_MIGRATIONS]);
    },
  );

  it.each([undefined, '', 'sqlite:///tmp/x.sqlite', 'mysql://h/db'])(
    'should choose SQLite with the SQLite migrations when the url is %p',
    (url) => {
      const ds = createDataSource({ url, sqlitePath: ':memory:' });

      expect(ds.options.type).toBe('better-sqlite3');
      expect(ds.options.migrations).toEqual([...SQLITE_MIGRATIONS]);
    },
  );

  it('should never synchronize or run migrations by itself and list every entity when created', () => {
    const ds = createDataSource({ url: 'postgres://h/db' });

    expect(ds.options).toMatchObject({ synchronize: false, migrationsRun: false, logging: false });
    expect(ds.options.entities).toEqual([...ENTITIES]);
  });

  it('should create the folder of the SQLite file when it does not exist yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chibo-db-spec-'));
    try {
      const file = join(dir, 'a', 'b', 'chibo.sqlite');

      const ds = createDataSource({ sqlitePath: file });

      expect(ds.options.database).toBe(file);
      expect(existsSync(join(dir, 'a', 'b'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should default to .data/chibo.sqlite at the workspace root when no path is given', () => {
    const path = defaultSqlitePath();

    expect(path.endsWith(`${sep}.data${sep}chibo.sqlite`)).toBe(true);
    expect(existsSync(join(path, '..', '..', 'packages', 'db', 'package.json'))).toBe(true);
  });
});

describe('isPostgresUrl', () => {
  it.each([
    ['postgres://h/db', true],
    ['postgresql://h/db', true],
    ['postgres:/h/db', false],
    ['file:./x.sqlite', false],
    [undefined, false],
  ])('should say %p is a Postgres url: %p', (url, expected) => {
    expect(isPostgresUrl(url)).toBe(expected);
  });
});
