import { createHmac, timingSafeEqual } from 'node:crypto';
import { sessionEventUid } from '@chibo/notifications';
import ical from 'ical-generator';
import type { CalendarSession } from './calendar.service';

/**
 * The secret of a member's calendar feed: an HMAC of (user, cell) under the installation's secret, so the URL needs no
 * table, cannot be guessed from another member's, and stops working when the user loses access to the cell.
 */
export function feedToken(secret: string, userId: string, cell: string): string {
  return createHmac('sha256', secret).update(`chibo-calendar-feed\n${userId}\n${cell}`).digest('base64url');
}

/** Whether `token` is the feed secret of (user, cell), compared in constant time. */
export function isFeedToken(secret: string, userId: string, cell: string, token: string): boolean {
  const expected = Buffer.from(feedToken(secret, userId, cell));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A cell's calendar as an iCalendar feed (RFC 5545): one event per session, with a UID stable across the year (made
 * from the session's calendar id, not its date), so a calendar application that subscribed updates events instead of duplicating them; a moved
 * session keeps its UID and raises its SEQUENCE (RFC 5545 §3.8.7.4), so the application replaces the old time.
 */
export function calendarFeed(input: { cellName: string; sessions: readonly CalendarSession[]; stamp: string }): string {
  const calendar = ical({ prodId: { company: 'chibo', product: 'chibo', language: 'VI' }, name: `Lịch sinh hoạt ${input.cellName}`, timezone: 'Asia/Ho_Chi_Minh' });
  for (const s of input.sessions) {
    const start = new Date(s.at);
    calendar.createEvent({
      // The same UID as the session's convene invitation and move updates (ADR 0029).
      id: sessionEventUid(s.eventId),
      sequence: s.sequence,
      stamp: new Date(input.stamp),
      start,
      end: new Date(start.getTime() + s.minutes * 60_000),
      summary: s.title,
      description: s.description,
      location: s.place,
    });
  }
  return calendar.toString();
}
