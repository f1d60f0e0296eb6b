import { createHash } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { DeliveryAttachment } from '@chibo/db';

/** A session as the convene step announced it. */
export interface SessionEvent {
  /**
   * The calendar event's id, which makes its UID: a calendar session's `year:<cell>:<year>/<key>`, the same in the
   * calendar feed, the move updates and the convene invitation; null: the instance's (one event per instance).
   */
  id: string | null;
  /** The session named in a sentence ("thường kỳ tháng 04/2026"), when the step says. */
  name: string | null;
  startsAt: string;
  durationMinutes: number;
  place: string | null;
  online: boolean;
  onlineLink: string | null;
  agenda: string | null;
  /** 0 for the first notice; an update (new time or place) sends a higher one, a cancellation `cancelled`. */
  sequence: number;
  cancelled: boolean;
}

/**
 * The iCalendar UID of a session's event, from its calendar id (`SessionEvent.id`) or, lacking one, its instance id.
 * The calendar feed (apps/api) uses the same function, so a subscribed calendar and an invitation name one event.
 */
export function sessionEventUid(id: string): string {
  return `${createHash('sha256').update(`session:${id}`).digest('hex').slice(0, 32)}@chibo`;
}

/**
 * The `.ics` invitation of a convene notice (RFC 5545, METHOD:REQUEST, or CANCEL when the session is cancelled). Its
 * UID is derived from the session's calendar id (or the instance), so every member's invitation, its updates and its cancellation are the same
 * calendar event; DTSTAMP is the instant of the notice, so the file is the same on every attempt.
 */
export function sessionInvitation(input: {
  instanceId: string;
  at: string;
  title: string;
  description: string;
  url: string;
  event: SessionEvent;
  organizer: { name: string; email: string } | null;
  attendee: { name: string; email: string } | null;
}): DeliveryAttachment {
  const method = input.event.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const calendar = ical({ prodId: { company: 'chibo', product: 'chibo', language: 'VI' }, method, name: input.title });
  const start = new Date(input.event.startsAt);
  calendar.createEvent({
    id: sessionEventUid(input.event.id ?? input.instanceId),
    sequence: input.event.sequence,
    stamp: new Date(input.at),
    start,
    end: new Date(start.getTime() + input.event.durationMinutes * 60_000),
    summary: input.title,
    description: input.description,
    location: input.event.place ?? (input.event.online ? 'Trực tuyến' : null),
    url: input.event.onlineLink ?? input.url,
    status: input.event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    ...(input.organizer ? { organizer: input.organizer } : {}),
    ...(input.attendee ? { attendees: [{ name: input.attendee.name, email: input.attendee.email, rsvp: true }] } : {}),
  });
  return { filename: input.event.cancelled ? 'huy-sinh-hoat.ics' : 'moi-sinh-hoat.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, content: calendar.toString(), method };
}
