import { VI_COMMON } from './vi-common';
import { VI_TASKS } from './vi-tasks';
import { VI_DOSSIER } from './vi-dossier';
import { VI_COMMITTEE } from './vi-committee';
import { VI_AUDIT } from './vi-audit';
import { VI_ADMIN } from './vi-admin';
import { VI_NOTIFICATIONS } from './vi-notifications';
import { VI_SECRETARY } from './vi-secretary';
import { VI_COMPOSER } from './vi-composer';
import { VI_YEAR } from './vi-year';
import { VI_CALENDAR } from './vi-calendar';
import { VI_RULES } from './vi-rules';

/**
 * Vietnamese, the default language of the pages. The keys live in one file per area of the pages (vi-<area>.ts), so
 * that no file grows past what a reader can take in; `{name}` placeholders are filled by `translate`. The English
 * dictionary (en.ts) must have exactly these keys (the compiler checks, area by area).
 */
export const VI = { ...VI_COMMON, ...VI_TASKS, ...VI_DOSSIER, ...VI_COMMITTEE, ...VI_AUDIT, ...VI_ADMIN, ...VI_NOTIFICATIONS, ...VI_SECRETARY, ...VI_COMPOSER, ...VI_YEAR, ...VI_CALENDAR, ...VI_RULES } as const;

/** Each area's messages, for the test that no key is defined in two areas (a spread would let the later one win). */
export const VI_AREAS = { common: VI_COMMON, tasks: VI_TASKS, dossier: VI_DOSSIER, committee: VI_COMMITTEE, audit: VI_AUDIT, admin: VI_ADMIN, notifications: VI_NOTIFICATIONS, secretary: VI_SECRETARY, composer: VI_COMPOSER, year: VI_YEAR, calendar: VI_CALENDAR, rules: VI_RULES } as const;

export type MessageKey = keyof typeof VI;
