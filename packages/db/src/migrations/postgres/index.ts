import { PostgresInitial1795212346742 } from './1795212346742-PostgresInitial';
import { PostgresAuditLog1795214935981 } from './1795214935981-PostgresAuditLog';
import { PostgresDocumentsRendering1795215034311 } from './1795215034311-PostgresDocumentsRendering';
import { PostgresOutboxStatusId1795242020291 } from './1795242020291-PostgresOutboxStatusId';
import { PostgresNotifications1796184782619 } from './1796184782619-PostgresNotifications';
import { PostgresUserSessions1796185299267 } from './1796185299267-PostgresUserSessions';
import { PostgresYearRatingsScoreSheets1796219235267 } from './1796219235267-PostgresYearRatingsScoreSheets';
import { PostgresUploadedFiles1796221124986 } from './1796221124986-PostgresUploadedFiles';
import { PostgresTemporalReadSide1796306115400 } from './1796306115400-PostgresTemporalReadSide';

/** Postgres migrations in the order they run. Add each newly generated migration here. */
export const POSTGRES_MIGRATIONS = [PostgresInitial1795212346742, PostgresAuditLog1795214935981, PostgresDocumentsRendering1795215034311, PostgresOutboxStatusId1795242020291, PostgresNotifications1796184782619, PostgresUserSessions1796185299267, PostgresYearRatingsScoreSheets1796219235267, PostgresUploadedFiles1796221124986, PostgresTemporalReadSide1796306115400] as const;
