import { TestSmtpServer, type ReceivedMail } from '@chibo/notifications/testing';
import { FIXTURES_DIR } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import * as ical from 'node-ical';
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { runScenarioFile } from '../src';
import type { ApiClient } from '../src/scenario/http-client';

/** The notifications package's delivery worker, run as a process of its own so that the test can SIGKILL it. */
const DISPATCH_WORKER = join(dirname(require.resolve('@chibo/notifications/package.json')), 'dist', 'testing', 'dispatch-worker.js');
/** A short lease, so the API's dispatcher takes over the interrupted attempt soon after the kill. */
const WORKER_POLICY = JSON.stringify({ pollMs: 50, leaseMs: 1500, baseDelayMs: 100, maxDelayMs: 400 });

const CELL = 'cb-thcs-ai-mo';
const COMMITTEE = 'du-ngoc-lam';
const mailOf = (login: string) => `${login.replace(/\./g, '-')}@ai-mo.test`;
const VERIFY_SUBJECT = '[chibo] Xác minh địa chỉ e-mail nhận thông báo';
const SUBJECTS = {
  convene: '[chibo] Thông báo triệu tập sinh hoạt chi bộ',
  draft: '[chibo] Đồng chí được phân công chuẩn bị dự thảo chuyên đề',
  report: '[chibo] Chi bộ đã gửi báo cáo kết quả sinh hoạt chuyên đề',
};

function invitationOf(mail: ReceivedMail): ical.VEvent | undefined {
  const file = mail.attachments.find((a) => a.filename?.endsWith('.ics'));
  if (!file) return undefined;
  return Object.values(ical.sync.parseICS(file.content)).find((c) => c?.type === 'VEVENT') as ical.VEvent | undefined;
}

describe.each(databaseKinds())('notifications of the ai-mo-2022 scenario by e-mail on %s', (db) => {
  describeWith(['redis'], `a real SMTP server receives what the run sends (${db})`, () => {
    let smtp: TestSmtpServer;
    let logins: string[] = [];
    const board: { unread?: number; afterRead?: number; invalidEmail?: { status: number; body: unknown }; titles: Record<string, string[]>; sessionTitles: Record<string, string[]> } = { titles: {}, sessionTitles: {} };
    // The run's messages are sent by a worker process until it is SIGKILLed mid-send, then by the API's dispatcher.
    const victim = mailOf(`${CELL}.m07`);
    const crash: { held: boolean; killed: boolean; failure?: Error; worker?: ChildProcess; stderr: string; watcher?: Promise<void>; done: boolean } = { held: false, killed: false, stderr: '', done: false };

    beforeAll(async () => {
      smtp = await new TestSmtpServer().start();
      // The SMTP server refuses the first messages for a while: they are retried with backoff and arrive later.
      smtp.refuseFor(4);
      // It reads the whole of m07's second message (the first is their address's verification link) and never
      // answers: the worker sending it is killed while it waits, before the server accepted anything.
      let toVictim = 0;
      smtp.holdData((session) => {
        if (!session.envelope.rcptTo.some((r) => r.address.toLowerCase() === victim) || ++toVictim !== 2) return false;
        crash.held = true;
        return true;
      });
      const result = await runScenarioFile(join(FIXTURES_DIR, 'ai-mo-2022.json'), {
        db,
        smtpUrl: smtp.url,
        deliveryPolicy: { baseDelayMs: 100, maxDelayMs: 400, pollMs: 50 },
        onStarted: async ({ databaseUrl, server }) => {
          // The API's dispatcher stands by; a worker process on the run's database sends instead.
          await server.notifications.stop();
          const worker = (crash.worker = fork(DISPATCH_WORKER, [databaseUrl, smtp.url, WORKER_POLICY], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }));
          worker.stderr?.on('data', (chunk: Buffer) => (crash.stderr += chunk.toString()));
          await new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('exit', (code) => reject(new Error(`the delivery worker exited (${code}) before it started: ${crash.stderr || 'no output'}`)));
          });
          crash.watcher = (async () => {
            while (!crash.held) {
              if (crash.done) return;
              if (worker.exitCode !== null || worker.signalCode !== null) throw new Error(`the delivery worker died by itself (${worker.exitCode ?? worker.signalCode}): ${crash.stderr || 'no output'}`);
              await new Promise((r) => setTimeout(r, 20));
            }
            worker.kill('SIGKILL');
            await new Promise((resolve) => worker.once('exit', resolve));
            crash.killed = true;
            // What the worker left: the interrupted attempt (after its lease) and everything still queued.
            server.notifications.start();
          })().catch((error: Error) => void (crash.failure = error));
        },
        beforeDrive: async (api: ApiClient, { users }) => {
          logins = users.map((u) => u.login);
          board.invalidEmail = await api.request(`${CELL}.m04`, 'PUT', '/notifications/settings', { email: 'không phải địa chỉ' });
          for (const login of logins) await api.ok(login, 'PUT', '/notifications/settings', { email: mailOf(login) });
          // m05 does not want convene notices by e-mail (the board still has them).
          await api.ok(`${CELL}.m05`, 'PUT', '/notifications/settings', { preferences: { conveneNotice: false } });
        },
        afterDrive: async (api: ApiClient) => {
          // The run's messages are all delivered: the worker, if it never got to m07's second message, goes now.
          crash.done = true;
          await crash.watcher;
          if (crash.worker?.exitCode === null && crash.worker.signalCode === null) crash.worker.kill('SIGKILL');
          for (const login of logins) {
            const items = (await api.ok<{ items: Array<{ kind: string; title: string }> }>(login, 'GET', '/notifications?limit=200')).items;
            board.titles[login] = items.map((n) => n.title).sort();
            // What the convene-notice preference governs: the draft to read, the convocation, the resolution adopted.
            board.sessionTitles[login] = items.filter((n) => ['session-convened', 'draft-ready', 'resolution-adopted'].includes(n.kind)).map((n) => n.title);
          }
          board.unread = (await api.ok<{ unread: number }>(`${CELL}.m05`, 'GET', '/notifications/unread-count')).unread;
          await api.ok(`${CELL}.m05`, 'POST', '/notifications/read', {});
          board.afterRead = (await api.ok<{ unread: number }>(`${CELL}.m05`, 'GET', '/notifications/unread-count')).unread;
        },
      });
      expect(result.errors).toEqual([]);
      expect(result.mismatches).toEqual([]);
    }, 300_000);

    afterAll(async () => {
      // A run that failed before its last fact never told the watcher it was done.
      crash.done = true;
      if (crash.worker?.exitCode === null && crash.worker.signalCode === null) crash.worker.kill('SIGKILL');
      await crash.watcher;
      await smtp?.stop();
    });

    it('should refuse an invalid e-mail address with 422 naming the field', () => {
      expect(board.invalidEmail?.status).toBe(422);
      expect(JSON.stringify(board.invalidEmail?.body)).toContain('"path":"email"');
    });

    it('should send every member exactly one convene notice with a valid invitation, but nothing to the member who turned it off', () => {
      const members = logins.filter((l) => l.startsWith(`${CELL}.`));
      expect(members).toHaveLength(17);
      const starts = new Set<string>();
      for (const login of members) {
        const notices = smtp.to(mailOf(login)).filter((m) => m.subject.startsWith(SUBJECTS.convene));
        if (login === `${CELL}.m05`) {
          expect(notices).toEqual([]);
          continue;
        }
        expect(notices).toHaveLength(1);
        const event = invitationOf(notices[0]!);
        expect(event?.summary).toContain('Sinh hoạt chi bộ');
        expect(event?.location).toBe('Phòng họp Trường THCS Ái Mộ');
        starts.add(event!.start.toISOString());
      }
      // One session, one time, on every invitation.
      expect(starts.size).toBe(1);
    });

    it('should send the assignee the draft task and the committee the cell’s report, once each', () => {
      expect(smtp.to(mailOf(`${CELL}.m03`)).filter((m) => m.subject === SUBJECTS.draft)).toHaveLength(1);
      expect(smtp.received.filter((m) => m.subject === SUBJECTS.draft)).toHaveLength(1);
      const reports = smtp.to(mailOf(COMMITTEE)).filter((m) => m.subject === SUBJECTS.report);
      expect(reports).toHaveLength(1);
      expect(reports[0]!.text).toContain('Chi bộ Trường THCS Ái Mộ đã gửi báo cáo kết quả theo 27-HD/ĐU');
    });

    it('should send each member present at the session their self-assessment task with its deadline, once, and none to the excused', () => {
      const assigned = (login: string) => smtp.to(mailOf(login)).filter((m) => m.subject.startsWith('[chibo] Đồng chí được giao tự soi, tự sửa'));
      const members = logins.filter((l) => l.startsWith(`${CELL}.`));
      const told = members.filter((login) => assigned(login).length > 0);
      expect(told).toHaveLength(15);
      for (const login of told) {
        expect(assigned(login)).toHaveLength(1);
        expect(assigned(login)[0]!.text).toContain('Hạn hoàn thành:');
      }
      // m07 and m11 were excused from the session: no task, no notice.
      expect(told).not.toContain(`${CELL}.m07`);
      expect(told).not.toContain(`${CELL}.m11`);
    });

    it('should deliver what the refusing server turned away, later, and never the same message twice', () => {
      // Every transaction delivered one message, but the 4 refused and the one the killed worker never finished.
      expect(smtp.dataStarted).toBe(smtp.received.length + 4 + 1);
      const ids = smtp.received.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('should send the message in flight when the worker was SIGKILLed once, after the kill, with the rest', () => {
      expect(crash.failure).toBeUndefined();
      expect({ held: crash.held, killed: crash.killed }).toEqual({ held: true, killed: true });
      // m07's mails are their board's notices, each once (checked for everyone below), the interrupted one among them.
      const mails = smtp.to(victim);
      expect(mails.length).toBeGreaterThanOrEqual(2);
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
    });

    it('should e-mail every notice each person’s board got — reminders the timers fired included — and nothing else', () => {
      expect(Object.values(board.titles).flat().length).toBeGreaterThan(17);
      for (const login of logins) {
        const all = smtp.to(mailOf(login));
        // Each new address was first sent its verification link, once.
        expect(all.filter((m) => m.subject === VERIFY_SUBJECT)).toHaveLength(1);
        const mailed = all.filter((m) => m.subject !== VERIFY_SUBJECT).map((m) => m.subject.replace(/^\[chibo\] /, '')).sort();
        const expected = login === `${CELL}.m05` ? board.titles[login]!.filter((t) => !board.sessionTitles[login]!.includes(t)) : board.titles[login]!;
        expect({ login, mailed }).toEqual({ login, mailed: expected });
      }
    });

    it.each(['Dự thảo chuyên đề đã được duyệt, mời đồng chí đọc trước', 'Chi bộ đã thông qua nghị quyết'])('should tell every member once: %s', (title) => {
      for (const login of logins.filter((l) => l.startsWith(`${CELL}.`))) {
        expect(board.titles[login]!.filter((t) => t === title)).toHaveLength(1);
        expect(smtp.to(mailOf(login)).filter((m) => m.subject === `[chibo] ${title}`)).toHaveLength(login === `${CELL}.m05` ? 0 : 1);
      }
    });

    it('should keep every notice on the board of the member who turned e-mail off, until read', () => {
      expect(board.unread).toBeGreaterThanOrEqual(1);
      expect(board.afterRead).toBe(0);
    });
  });
});

// A cell that reports late (ngoc-son-2019: CB-THCS-NGOC-SON on 15 July for a 10 July deadline): the timers remind its
// secretary before the deadline and tell them it is overdue, by e-mail as on the board; the cell on time gets none;
// the committee is told at the deadline that the cell has not reported.
describeWith(['redis'], 'reminders the timers fire reach the secretary by e-mail (ngoc-son-2019, sqlite)', () => {
  it('should e-mail the late cell’s secretary the reminders and overdue notices on their board, the punctual one none, and the committee the cell overdue', async () => {
    const smtp = await new TestSmtpServer().start();
    const boards: Record<string, string[]> = {};
    const late = 'cb-thcs-ngoc-son.t01';
    const punctual = 'cb-th-ngoc-son.hoan';
    const committee = 'du-ngoc-son';
    try {
      const result = await runScenarioFile(join(FIXTURES_DIR, 'ngoc-son-2019.json'), {
        db: 'sqlite',
        smtpUrl: smtp.url,
        deliveryPolicy: { baseDelayMs: 100, maxDelayMs: 400, pollMs: 50 },
        beforeDrive: async (api) => {
          for (const login of [late, punctual, committee]) await api.ok(login, 'PUT', '/notifications/settings', { email: mailOf(login) });
        },
        afterDrive: async (api) => {
          for (const login of [late, punctual]) boards[login] = (await api.ok<{ items: Array<{ kind: string; title: string }> }>(login, 'GET', '/notifications?limit=200')).items.map((n) => n.title).sort();
        },
      });
      expect(result.errors).toEqual([]);
      const reminders = (login: string) => smtp.to(mailOf(login)).map((m) => m.subject).filter((s) => /Nhắc hạn|quá hạn/.test(s)).sort();
      expect(reminders(late)).toEqual(expect.arrayContaining(['[chibo] Nhắc hạn gửi báo cáo kết quả sinh hoạt chuyên đề', '[chibo] Đã quá hạn gửi báo cáo kết quả sinh hoạt chuyên đề']));
      expect(reminders(late)).toEqual(boards[late]!.filter((t) => /Nhắc hạn|quá hạn/.test(t)).map((t) => `[chibo] ${t}`));
      expect(reminders(punctual)).toEqual([]);
      // The committee is told at the deadline which of its cells has not reported, once.
      const overdue = smtp.to(mailOf(committee)).filter((m) => m.subject === '[chibo] Có đơn vị quá hạn gửi báo cáo kết quả sinh hoạt chuyên đề');
      expect(overdue).toHaveLength(1);
      expect(overdue[0]!.text).toContain('chưa gửi báo cáo — Chi bộ Trường THCS Ngọc Sơn');
    } finally {
      await smtp.stop();
    }
  }, 300_000);
});
