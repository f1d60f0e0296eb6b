// Data source for the TypeORM CLI (`typeorm -d dist/cli-data-source.js …`), used by `npm run migration:generate`.
// Not exported from the package. DATABASE_URL selects Postgres; otherwise CHIBO_SQLITE_PATH (or the default file).
import { createDataSource } from './data-source';

export const dataSource = createDataSource({
  url: process.env['DATABASE_URL'],
  sqlitePath: process.env['CHIBO_SQLITE_PATH'],
});
