import { z } from 'zod';
import { confusableText, INVISIBLE_CHARS } from './input/text-rules';

// Building blocks of request schemas, shared by feature modules so the same field is validated the same way everywhere.

// NUL and other control characters are refused in every text field: Postgres cannot store NUL in text, and nobody
// types the others on purpose (tabs and newlines are allowed in long text only).
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_CONTROL_CHARS = /[\u0000-\u001F\u007F]/;

/** A business code (org unit, member): letters, digits, ".", "_", "-"; starts with a letter or digit; ≤ 100 chars. */
export const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    error: 'Chỉ gồm chữ cái không dấu, chữ số, ".", "_", "-" và bắt đầu bằng chữ hoặc số',
  });

/** A one-line human text (a name, a title), trimmed, 1..`max` characters, without invisible characters. */
export const lineSchema = (max = 300) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !LINE_CONTROL_CHARS.test(text), { error: 'Không được chứa ký tự điều khiển', params: { rule: 'control-characters' } })
    // A name with a zero-width character looks like another person's or unit's name (impersonation).
    .refine((text) => !INVISIBLE_CHARS.test(text), { error: 'Không được chứa ký tự vô hình (ký tự độ rộng bằng không)', params: { rule: 'invisible-characters' } })
    // Homoglyphs: "Ngô Thị Ngа" with a Cyrillic "а", "𝐍𝐠𝐚" in mathematical bold — another person's name to the eye.
    .superRefine((text, ctx) => {
      const why = confusableText(text);
      if (why) ctx.addIssue({ code: 'custom', message: why, params: { rule: 'mixed-script' } });
    });

/** Multi-line human text (notes), up to `max` characters. */
export const textSchema = (max = 10_000) =>
  z
    .string()
    .max(max)
    .refine((text) => !CONTROL_CHARS.test(text), { error: 'Không được chứa ký tự điều khiển', params: { rule: 'control-characters' } });

/** A calendar date `YYYY-MM-DD`. */
export const isoDateSchema = z.iso.date({ error: 'Phải là ngày dạng YYYY-MM-DD' });
