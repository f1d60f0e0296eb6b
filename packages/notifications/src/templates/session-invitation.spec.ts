import * as ical from 'node-ical';
import { sessionEventUid, sessionInvitation } from './session-invitation';

const base = {
  instanceId: 'cell:CB-THCS-AI-MO:27-HD/ĐU:2022-03-16',
  at: '2022-03-26T01:00:00.000Z',
  title: 'Sinh hoạt chi bộ — Chi bộ Trường THCS Ái Mộ',
  description: 'Chuyên đề năm 2022',
  url: 'https://chibo.vn/ho-so/x',
  organizer: { name: 'chibo', email: 'no-reply@chibo.vn' },
  attendee: { name: 'Ngô Thị Nga', email: 'nga@ai-mo.vn' },
  event: { id: null, name: null, startsAt: '2022-04-01T07:00:00.000Z', durationMinutes: 120, place: 'Phòng họp', online: false, onlineLink: null, agenda: null, sequence: 0, cancelled: false },
};

function eventOf(content: string): ical.VEvent {
  return Object.values(ical.sync.parseICS(content)).find((c) => c?.type === 'VEVENT') as ical.VEvent;
}

describe('sessionInvitation', () => {
  it('should be a valid REQUEST with the session’s time, length, place and attendee when a session is convened', () => {
    const ics = sessionInvitation(base);
    expect(ics.method).toBe('REQUEST');
    expect(ics.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
    const event = eventOf(ics.content);
    expect(event.start.toISOString()).toBe('2022-04-01T07:00:00.000Z');
    expect(event.end?.toISOString()).toBe('2022-04-01T09:00:00.000Z');
    expect(event.location).toBe('Phòng họp');
    expect(event.summary).toBe('Sinh hoạt chi bộ — Chi bộ Trường THCS Ái Mộ');
    expect(JSON.stringify(event.attendee)).toContain('nga@ai-mo.vn');
  });

  it('should be byte for byte the same on every attempt, and one calendar event for every member', () => {
    expect(sessionInvitation(base).content).toBe(sessionInvitation(base).content);
    expect(eventOf(sessionInvitation({ ...base, attendee: { name: 'Lan', email: 'lan@ai-mo.vn' } }).content).uid).toBe(eventOf(sessionInvitation(base).content).uid);
  });

  it('should cancel the same event with a higher sequence when the session is cancelled', () => {
    const cancel = sessionInvitation({ ...base, event: { ...base.event, sequence: 1, cancelled: true } });
    expect(cancel.method).toBe('CANCEL');
    const event = eventOf(cancel.content);
    expect(event.status).toBe('CANCELLED');
    expect(event.uid).toBe(eventOf(sessionInvitation(base).content).uid);
    expect(cancel.content).toContain('SEQUENCE:1');
  });

  it('should be the calendar’s event — the feed’s UID — when the session has a calendar id, whatever its instance', () => {
    const calendar = { ...base.event, id: 'year:CB-THCS-AI-MO:2022/TK-2022-04' };
    const convened = eventOf(sessionInvitation({ ...base, event: calendar }).content);
    const moved = sessionInvitation({ ...base, instanceId: 'cell:CB-THCS-AI-MO:TK-2022-04:2022-04-08', event: { ...calendar, startsAt: '2022-04-08T01:00:00.000Z', sequence: 1 } });
    expect(moved.method).toBe('REQUEST');
    const event = eventOf(moved.content);
    expect(event.uid).toBe(sessionEventUid('year:CB-THCS-AI-MO:2022/TK-2022-04'));
    expect(event.uid).toBe(convened.uid);
    expect(event.uid).not.toBe(eventOf(sessionInvitation(base).content).uid);
    expect([Number(event.sequence), event.start.toISOString()]).toEqual([1, '2022-04-08T01:00:00.000Z']);
  });
});
