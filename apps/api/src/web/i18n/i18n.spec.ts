import { DOCUMENT_TYPES } from '@chibo/rules';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRANT_ROLES } from '../../auth/auth-user';
import { EN } from './en';
import { isMessageKey, localized, translate } from './i18n';
import { VI, VI_AREAS } from './vi';

const WEB_DIR = join(__dirname, '..');

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), ext) : e.name.endsWith(ext) && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []));
}

describe('the web dictionaries', () => {
  it('should have a message for every key the templates and the code ask for', () => {
    const used = new Set<string>();
    for (const file of filesUnder(join(WEB_DIR, 'views'), '.hbs')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/[{(]t "([^"]+)"/g)) used.add(m[1]!);
    }
    for (const file of filesUnder(WEB_DIR, '.ts')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:t|translate\([^,]+,)\s*\(?'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(200);
    expect([...used].filter((key) => !isMessageKey(key))).toEqual([]);
  });

  it.each([
    ['role', [...GRANT_ROLES, 'cell-committee']],
    ['memberStatus', ['official', 'probationary', 'exempt', 'suspended']],
    ['taskStatus', ['open', 'submitted', 'cancelled']],
    ['instanceStatus', ['running', 'completed', 'failed']],
    ['draftStatus', ['assigned', 'submitted', 'revision', 'approved']],
    ['docType', Object.keys(DOCUMENT_TYPES)],
    ['trace.kind', ['task', 'submission', 'document', 'finding', 'resolved', 'deadline', 'result', 'milestone']],
    ['vote.choice', ['for', 'against', 'abstain']],
    ['option.method', ['show-of-hands', 'secret']],
  ])('should name every value of %s', (family, values) => {
    expect(values.filter((v) => !isMessageKey(`${family}.${v}`))).toEqual([]);
  });

  it('should define each key in one area file only (with spreads, a second definition would silently win)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [area, messages] of Object.entries(VI_AREAS)) {
      for (const key of Object.keys(messages)) {
        if (seen.has(key)) twice.push(`${key} (${seen.get(key)}, ${area})`);
        seen.set(key, area);
      }
    }
    expect(twice).toEqual([]);
  });

  it('should write Vietnamese in composed Unicode (NFC), as typed by Vietnamese keyboards and stored by the API', () => {
    expect(Object.entries(VI).filter(([, text]) => text !== text.normalize('NFC'))).toEqual([]);
  });

  it('should translate every key into English, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differing = Object.keys(VI).filter((key) => JSON.stringify(placeholders(VI[key as keyof typeof VI])) !== JSON.stringify(placeholders(EN[key as keyof typeof EN])));
    expect(differing).toEqual([]);
    expect(Object.entries(EN).filter(([, text]) => !text.trim())).toEqual([]);
  });

  it('should fill placeholders and throw on an unknown key instead of showing it', () => {
    expect(translate('vi', 'session.presentOf', { present: 15, total: 17 })).toBe('Có mặt 15/17 đồng chí');
    expect(translate('en', 'session.presentOf', { present: 15, total: 17 })).toBe('15 of 17 members present');
    expect(() => translate('vi', 'no.such.key')).toThrow('Unknown message key');
  });

  it('should pick the asked language of a two-language text, Vietnamese when English is missing', () => {
    expect(localized('en', { vi: 'Tổ chức sinh hoạt', en: 'Hold the session' })).toBe('Hold the session');
    expect(localized('en', { vi: 'Tổ chức sinh hoạt' })).toBe('Tổ chức sinh hoạt');
    expect(localized('vi', null)).toBe('');
  });
});

describe('the Vietnamese words of the web pages', () => {
  it.each([
    ['findings.heading', 'Phát hiện tuân thủ'],
    ['audit.traceTitle', 'Dấu vết tuân thủ {number}'],
    ['guidance.trace', 'Dấu vết tuân thủ'],
    ['role.auditor', 'Kiểm tra viên'],
    ['role.deputy-secretary', 'Phó Bí thư'],
    ['procedures.publish', 'Công bố phiên bản này'],
  ])('should call %s "%s"', (key, text) => {
    expect(VI[key as keyof typeof VI]).toBe(text);
  });

  it('should use none of the words that say something else (an inspection, a registration, a decree issued)', () => {
    const wrong = [/phát hiện kiểm tra/i, /dấu vết kiểm tra/i, /đăng ký hướng dẫn/i, /ban hành phiên bản/i, /phiên bản đã ban hành/i, /phó bí thư/, /dưới mức 85/i];
    expect(Object.entries(VI).filter(([, text]) => wrong.some((w) => w.test(text)))).toEqual([]);
    expect(VI['role.auditor']).not.toBe('Kiểm tra');
  });
});
