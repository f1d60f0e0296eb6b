import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotificationPreferences, OrgUnit } from '@chibo/db';
import type { EntityManager } from 'typeorm';

/** What a notice's templates render (every key present: the templates are compiled in strict mode). */
export type NoticeView = {
  kind: string;
  recipientName: string;
  title: string;
  message: string | null;
  /** Absolute link to the page the notice is about. */
  link: string;
  settingsLink: string;
  orgName: string;
  dueAt: string | null;
  event: { name: string | null; when: string; place: string | null; online: boolean; onlineLink: string | null; agenda: string | null } | null;
  preferenceLabel: string;
};

/** The parts of a notice's e-mail a committee may word its own way. */
export type NoticeField = 'subject' | 'text' | 'html';

/**
 * Committees' own templates of a notice (ADR 0031), given to {@link planNotifications} by the host: `find` returns,
 * per field, the source that applies to notices sent by an org unit (null: the shipped one); `render` renders one in
 * a sandbox and throws when it fails or runs too long. `@chibo/documents`' `sandboxedNoticeOverrides()` is the one
 * the notify effect uses.
 */
export interface NoticeOverrides {
  find(manager: EntityManager, org: OrgUnit, kind: string): Promise<Partial<Record<NoticeField, { ref: string; source: string } | null>> | null>;
  render(source: string, view: Record<string, unknown>, field: NoticeField): Promise<string>;
}

/** A notice rendered for one recipient: the board's title and body, and the e-mail's subject, text and HTML. */
export interface RenderedNotice {
  title: string;
  subject: string;
  text: string;
  html: string;
}

/** What a daily digest lists. */
export interface DigestView {
  recipientName: string;
  date: string;
  count: number;
  items: Array<{ title: string; link: string }>;
  settingsLink: string;
}

/** Vietnamese titles per kind (Handlebars over the same view); a kind not listed gets the step's message as title. */
const TITLES: Record<string, string> = {
  'draft-assigned': 'Đồng chí được phân công chuẩn bị dự thảo chuyên đề',
  'draft-revision': 'Dự thảo chuyên đề của đồng chí cần chỉnh sửa',
  'session-convened': 'Thông báo triệu tập sinh hoạt chi bộ lúc {{event.when}}',
  'session-changed': 'Dời lịch sinh hoạt chi bộ{{#if event.name}}: {{event.name}}{{/if}} sang {{event.when}}',
  'report-reminder': 'Nhắc hạn gửi báo cáo kết quả sinh hoạt chuyên đề',
  'report-overdue': 'Đã quá hạn gửi báo cáo kết quả sinh hoạt chuyên đề',
  'report-received': 'Chi bộ đã gửi báo cáo kết quả sinh hoạt chuyên đề',
  'reports-overdue': 'Có đơn vị quá hạn gửi báo cáo kết quả sinh hoạt chuyên đề',
  'resolution-adopted': 'Chi bộ đã thông qua nghị quyết',
  'draft-ready': 'Dự thảo chuyên đề đã được duyệt, mời đồng chí đọc trước',
};

/**
 * Kinds that have no title of their own (the step's message is the title: "Nhắc nộp bản tự soi, tự sửa: hạn …"),
 * with the message their sample notice carries. A committee may still word their e-mail: the subject's shipped
 * source is `[chibo] {{title}}`.
 */
const UNTITLED_SAMPLES: Record<string, string> = {
  'task-assigned': 'Đồng chí được giao tự soi, tự sửa theo 27 biểu hiện; hạn nộp 31/03/2022',
  'task-reminder': 'Nhắc nộp bản tự soi, tự sửa: hạn 31/03/2022',
  'task-overdue': 'Đã quá hạn nộp bản tự soi, tự sửa (31/03/2022); đồng chí vẫn nộp được cho đến khi chi ủy tổng hợp',
};

/** The daily digest's kind: one message per user listing the day's notices (its view is a {@link DigestView}). */
export const DIGEST_KIND = 'digest';

const DIGEST_SUBJECT = '[chibo] Bản tin thông báo ngày {{date}} ({{count}} thông báo)';

/** How the settings page names each preference (in the footer: why you got this mail). */
export const PREFERENCE_LABELS: Record<keyof NotificationPreferences, string> = {
  taskAssigned: 'Việc được giao',
  reminder: 'Nhắc hạn',
  conveneNotice: 'Sinh hoạt chi bộ (dự thảo, triệu tập, nghị quyết)',
  reportOverdue: 'Quá hạn báo cáo',
  reportReceived: 'Báo cáo của chi bộ đã đến',
  digest: 'Bản tin tổng hợp hằng ngày',
};

/**
 * The notice templates, compiled once in an isolated, strict Handlebars (a missing field throws instead of printing
 * nothing). HTML is escaped; the text version is rendered with escaping off (it is not HTML).
 */
export class NotificationTemplates {
  private readonly hbs = Handlebars.create();
  private readonly text: Handlebars.TemplateDelegate<NoticeView>;
  private readonly html: Handlebars.TemplateDelegate<NoticeView>;
  private readonly titles = new Map<string, Handlebars.TemplateDelegate<NoticeView>>();
  private readonly digestText: Handlebars.TemplateDelegate<DigestView>;
  private readonly digestHtml: Handlebars.TemplateDelegate<DigestView>;

  /** The bodies' Handlebars sources (what a committee's override starts from). */
  private readonly sources: { text: string; html: string; digestText: string; digestHtml: string };
  private readonly digestSubject: Handlebars.TemplateDelegate<DigestView>;

  constructor(dir: string = __dirname) {
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    this.sources = { text: read('notice.text.hbs'), html: read('notice.html.hbs'), digestText: read('digest.text.hbs'), digestHtml: read('digest.html.hbs') };
    this.text = this.hbs.compile<NoticeView>(this.sources.text, { strict: true, noEscape: true });
    this.html = this.hbs.compile<NoticeView>(this.sources.html, { strict: true });
    this.digestSubject = this.hbs.compile<DigestView>(DIGEST_SUBJECT, { strict: true, noEscape: true });
    this.digestText = this.hbs.compile<DigestView>(this.sources.digestText, { strict: true, noEscape: true });
    this.digestHtml = this.hbs.compile<DigestView>(this.sources.digestHtml, { strict: true });
    for (const [kind, source] of Object.entries(TITLES)) this.titles.set(kind, this.hbs.compile<NoticeView>(source, { strict: true, noEscape: true }));
  }

  /**
   * The shipped templates of a kind's e-mail as Handlebars sources over the notice's view (the subject is
   * `[chibo] ` and the kind's title): what a committee's override page starts from and goes back to.
   */
  shippedSources(kind: string): Record<NoticeField, string> {
    if (kind === DIGEST_KIND) return { subject: DIGEST_SUBJECT, text: this.sources.digestText, html: this.sources.digestHtml };
    return { subject: `[chibo] ${TITLES[kind] ?? '{{title}}'}`, text: this.sources.text, html: this.sources.html };
  }

  /** The notice's title for a kind (the step's message when the kind has none). */
  titleOf(view: Omit<NoticeView, 'title'>): string {
    const title = this.titles.get(view.kind);
    return title ? title({ ...view, title: '' }) : (view.message ?? 'Thông báo');
  }

  /** The view the bodies render: the title filled in, the message dropped when it only repeats the title. */
  viewOf(view: Omit<NoticeView, 'title'>): NoticeView {
    const title = this.titleOf(view);
    return { ...view, title, message: view.message === title ? null : view.message };
  }

  render(view: Omit<NoticeView, 'title'>): RenderedNotice {
    const full = this.viewOf(view);
    return { title: full.title, subject: `[chibo] ${full.title}`, text: this.text(full), html: this.html(full) };
  }

  /** One message for a day's notices (users who chose the digest). */
  renderDigest(view: DigestView): Omit<RenderedNotice, 'title'> {
    return { subject: this.digestSubject(view), text: this.digestText(view), html: this.digestHtml(view) };
  }
}

/** Kinds whose notice announces a session (their view has an `event`). */
const EVENT_KINDS = new Set(['session-convened', 'session-changed']);

/**
 * The kinds a committee may word its own way: those the shipped templates title, those titled by their step's
 * message (the self-criticism notices: the task assigned, its reminder, its overdue), and the daily digest.
 */
export const NOTICE_KINDS: readonly string[] = [...Object.keys(TITLES), ...Object.keys(UNTITLED_SAMPLES), DIGEST_KIND];

/**
 * A view of a notice of `kind` as a step would send it, for trying a committee's template before it is stored: every
 * field filled (a session for the kinds that announce one), so a template is refused only for what it gets wrong.
 */
export function sampleNoticeView(kind: string): NoticeView {
  const view: Omit<NoticeView, 'title'> = {
    kind,
    recipientName: 'Nguyễn Văn An',
    message: UNTITLED_SAMPLES[kind] ?? 'Nội dung do bước gửi kèm',
    link: 'https://chibo.example.vn/ho-so/mau',
    settingsLink: 'https://chibo.example.vn/thong-bao/cai-dat',
    orgName: 'Chi bộ Khu phố 1',
    dueAt: '17:00 ngày 31/03/2022',
    event: EVENT_KINDS.has(kind) ? { name: 'Sinh hoạt chuyên đề quý I', when: '08:00 ngày 25/03/2022', place: 'Hội trường khu phố', online: true, onlineLink: 'https://meet.example.vn/cb', agenda: 'Học tập chuyên đề' } : null,
    preferenceLabel: 'Sinh hoạt chi bộ (dự thảo, triệu tập, nghị quyết)',
  };
  return defaultNotificationTemplates().viewOf(view);
}

/** A day's digest as the dispatcher composes it, for trying a committee's digest template before it is stored. */
export function sampleDigestView(): DigestView {
  return {
    recipientName: 'Nguyễn Văn An',
    date: '25/03/2022',
    count: 2,
    items: [
      { title: 'Thông báo triệu tập sinh hoạt chi bộ lúc 08:00 ngày 25/03/2022', link: 'https://chibo.example.vn/ho-so/mau' },
      { title: 'Nhắc hạn gửi báo cáo kết quả sinh hoạt chuyên đề', link: 'https://chibo.example.vn/viec-cua-toi' },
    ],
    settingsLink: 'https://chibo.example.vn/thong-bao/cai-dat',
  };
}

/** The sample a template of `kind` is tried on and previewed with: the digest's, or a notice's. */
export function noticeSample(kind: string): Record<string, unknown> {
  return kind === DIGEST_KIND ? { ...sampleDigestView() } : { ...sampleNoticeView(kind) };
}

let shared: NotificationTemplates | undefined;
/** The shipped templates, compiled on first use. */
export function defaultNotificationTemplates(): NotificationTemplates {
  return (shared ??= new NotificationTemplates());
}
