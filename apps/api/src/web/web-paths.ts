import { RequestMethod } from '@nestjs/common';

/**
 * The web pages' paths. They are Vietnamese (without diacritics) on purpose: none of them can ever collide with an API
 * controller (`tasks`, `guidance`, `audit`…), whose paths are excluded from the `/api/v1` prefix when they match an
 * entry of {@link WEB_ROUTE_EXCLUDES}.
 */
export const WEB = {
  home: '/',
  login: '/dang-nhap',
  logout: '/dang-xuat',
  language: '/ngon-ngu',
  tasks: '/viec-cua-toi',
  task: '/nhiem-vu',
  dossiers: '/ho-so',
  procedures: '/quy-trinh',
  guidance: '/huong-dan',
  rollup: '/tong-hop',
  audit: '/kiem-tra',
  documents: '/tai-lieu',
  admin: '/quan-tri',
  notifications: '/thong-bao',
  account: '/tai-khoan',
  yearRatings: '/xep-loai-nam',
  memberRecord: '/dang-vien',
  scoreSheets: '/phieu-cham-diem',
  /** A cell's calendar (its year, the annual thematic plan) and a committee's view of its cells' calendars. */
  calendar: '/lich',
  assets: '/assets',
} as const;

/** Where a person changes their password (and must, before anything else, when someone else set it). */
export const WEB_PASSWORD_PAGE = '/tai-khoan/mat-khau';

/** First path segments of the web pages (the root page aside). */
const SEGMENTS = Object.values(WEB)
  .filter((path) => path !== WEB.home && path !== WEB.assets)
  .map((path) => path.slice(1));

/**
 * Routes that stay outside the API's global prefix: the root page and every page under one of the web segments
 * (`{/*rest}` is path-to-regexp 8's optional wildcard, so `/huong-dan` and `/huong-dan/:id/tien-do` both match).
 */
export const WEB_ROUTE_EXCLUDES: Array<{ path: string; method: RequestMethod }> = [
  { path: '/', method: RequestMethod.ALL },
  ...SEGMENTS.map((segment) => ({ path: `${segment}{/*rest}`, method: RequestMethod.ALL })),
];

/** Encodes a path segment (instance ids contain "/" and Vietnamese letters: `cell:CB-X:27-HD/ĐU:2022-03-16`). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/** A local path to return to after logging in: only same-site paths, never `//host` or a scheme. */
export function safeNext(next: unknown, fallback: string = WEB.tasks): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next.startsWith(WEB.login) || next.startsWith(WEB.logout)) return fallback;
  return next;
}
