import { SqliteInitial1795212346742 } from './1795212346742-SqliteInitial';
import { SqliteAuditLog1795214935981 } from './1795214935981-SqliteAuditLog';
import { SqliteDocumentsRendering1795215034311 } from './1795215034311-SqliteDocumentsRendering';
import { SqliteOutboxStatusId1795242020291 } from './1795242020291-SqliteOutboxStatusId';
import { SqliteNotifications1796184782619 } from './1796184782619-SqliteNotifications';
import { SqliteUserSessions1796185299267 } from './1796185299267-SqliteUserSessions';
import { SqliteYearRatingsScoreSheets1796219235267 } from './1796219235267-SqliteYearRatingsScoreSheets';
import { SqliteUploadedFiles1796221124986 } from './1796221124986-SqliteUploadedFiles';
import { SqliteTemporalReadSide1796306115400 } from './1796306115400-SqliteTemporalReadSide';

/** SQLite migrations in the order they run. Add each newly generated migration here. */
export const SQLITE_MIGRATIONS = [SqliteInitial1795212346742, SqliteAuditLog1795214935981, SqliteDocumentsRendering1795215034311, SqliteOutboxStatusId1795242020291, SqliteNotifications1796184782619, SqliteUserSessions1796185299267, SqliteYearRatingsScoreSheets1796219235267, SqliteUploadedFiles1796221124986, SqliteTemporalReadSide1796306115400] as const;
