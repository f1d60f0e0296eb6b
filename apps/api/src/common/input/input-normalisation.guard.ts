import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { type FieldIssue, ValidationError } from '../errors';
import { LONG_TEXT_KEY } from './long-text.decorator';
import { DEFAULT_MAX_BODY_STRING_CHARS, MAX_URL_VALUE_CHARS, checkText, formPairs, joinPath, textIssue } from './text-rules';

/** What the body parsers' `verify` hook leaves on the request for this guard (see `rawBodyMarks`). */
export interface RawBodyMarks {
  /** The JSON or text body was not valid UTF-8 (the parser put U+FFFD where the bad bytes were). */
  chiboInvalidUtf8?: boolean;
  /** The raw `application/x-www-form-urlencoded` body, decoded again strictly here. */
  chiboRawForm?: string;
}

type MarkedRequest = Request & RawBodyMarks;

/** Body parser `verify` hook: remembers what the guard needs to check the bytes as they were sent. */
export function rawBodyMarks(kind: 'json' | 'text' | 'form') {
  return (req: IncomingMessage, _res: unknown, buf: Buffer): void => {
    const marked = req as IncomingMessage & RawBodyMarks;
    if (kind === 'form') marked.chiboRawForm = buf.toString('latin1');
    else if (!isUtf8(buf)) marked.chiboInvalidUtf8 = true;
  };
}


/**
 * The input-normalisation layer: the first global guard, so no handler, pipe or SQL statement sees a string it has not
 * checked. Every path parameter, query parameter and body string must be UTF-8 (strictly decoded), without NUL or
 * other control characters, lone surrogates or bidi overrides, and within its length limit; an integer in the URL has
 * at most 15 digits; a number in a JSON body is finite and, when whole, exact. Breaking any of these is a 422 whose
 * issues name each field. Body strings are put in Unicode NFC, so the same name typed on two keyboards is one name.
 */
@Injectable()
export class InputNormalisationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<MarkedRequest>();
    const maxBody = this.reflector.getAllAndOverride<number | undefined>(LONG_TEXT_KEY, [context.getHandler(), context.getClass()]) ?? DEFAULT_MAX_BODY_STRING_CHARS;
    const issues: FieldIssue[] = [];

    for (const [name, value] of Object.entries((req.params ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string') checkUrlValue(name, value, issues);
    }
    const query = req.originalUrl.indexOf('?');
    if (query !== -1) {
      for (const { name, value } of formPairs(req.originalUrl.slice(query + 1).split('#')[0] ?? '')) {
        if (value === undefined) issues.push(textIssue(name, 'invalid-utf8'));
        else checkUrlValue(name, value, issues);
      }
    }

    if (req.chiboRawForm !== undefined) {
      for (const { name, value } of formPairs(req.chiboRawForm)) if (value === undefined) issues.push(textIssue(name, 'invalid-utf8'));
    }
    if (req.chiboInvalidUtf8) {
      const where: FieldIssue[] = [];
      walk(req.body, [], (path, text) => (text.includes('\uFFFD') ? (where.push(textIssue(joinPath(path), 'invalid-utf8')), text) : text));
      issues.push(...(where.length > 0 ? where : [textIssue('', 'invalid-utf8')]));
    }
    if (req.body !== undefined && issues.length === 0) {
      req.body = walk(req.body, [], (path, text) => {
        const broken = checkText(text, 'body', maxBody);
        if (broken) issues.push(textIssue(joinPath(path), broken.rule, broken.max));
        return broken ? text : text.normalize('NFC');
      }, (path, n) => {
        if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) issues.push(textIssue(joinPath(path), 'number-too-large'));
      }, (path) => issues.push(textIssue(joinPath(path), 'too-deep', MAX_BODY_DEPTH)));
    }
    // One issue per field is enough to act on; a flood of them (a 10,000-item array of NULs) is not more useful.
    if (issues.length > 0) throw new ValidationError(dedupe(issues).slice(0, 50));
    return true;
  }
}

function checkUrlValue(name: string, value: string, issues: FieldIssue[]): void {
  const broken = checkText(value, 'url', MAX_URL_VALUE_CHARS);
  if (broken) issues.push(textIssue(name, broken.rule, broken.max));
}

/** Deepest nesting of arrays and objects in a body: no form is deeper than a few levels, and deeper ones would
 * exhaust the stack of every recursive step that follows (validation, hashing, the audit log). */
export const MAX_BODY_DEPTH = 32;

/** Rebuilds a parsed body with every string (keys included) passed through `onText`; stops at MAX_BODY_DEPTH. */
function walk(
  value: unknown,
  path: Array<string | number>,
  onText: (path: Array<string | number>, text: string) => string,
  onNumber?: (path: Array<string | number>, n: number) => void,
  onTooDeep?: (path: Array<string | number>) => void,
): unknown {
  if (path.length > MAX_BODY_DEPTH && value !== null && typeof value === 'object') {
    onTooDeep?.(path);
    return value;
  }
  if (typeof value === 'string') return onText(path, value);
  if (typeof value === 'number') {
    onNumber?.(path, value);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i], onText, onNumber, onTooDeep));
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const name = onText([...path, key], key);
      out[name] = walk(item, [...path, key], onText, onNumber, onTooDeep);
    }
    return out;
  }
  return value;
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
