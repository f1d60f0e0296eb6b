import { EN_COMMON } from './en-common';
import { EN_TASKS } from './en-tasks';
import { EN_DOSSIER } from './en-dossier';
import { EN_COMMITTEE } from './en-committee';
import { EN_AUDIT } from './en-audit';
import { EN_ADMIN } from './en-admin';
import { EN_NOTIFICATIONS } from './en-notifications';
import { EN_SECRETARY } from './en-secretary';
import { EN_COMPOSER } from './en-composer';
import { EN_YEAR } from './en-year';
import { EN_CALENDAR } from './en-calendar';
import { EN_RULES } from './en-rules';
import type { MessageKey } from './vi';

/** English: the same keys as Vietnamese (vi.ts); each area file is checked against its Vietnamese one. */
export const EN: Record<MessageKey, string> = { ...EN_COMMON, ...EN_TASKS, ...EN_DOSSIER, ...EN_COMMITTEE, ...EN_AUDIT, ...EN_ADMIN, ...EN_NOTIFICATIONS, ...EN_SECRETARY, ...EN_COMPOSER, ...EN_YEAR, ...EN_CALENDAR, ...EN_RULES };
