import { SetMetadata } from '@nestjs/common';

export const LONG_TEXT_KEY = 'chibo:long-text';

/**
 * Lets a route's body carry strings longer than the default limit (a template's source, a CSV file), up to `maxChars`;
 * its schema still sets the field's own maximum.
 */
export const LongText = (maxChars: number) => SetMetadata(LONG_TEXT_KEY, maxChars);
