import { DEFAULT_MAX_BODY_STRING_CHARS, checkText, formPairs } from './text-rules';

describe('checkText', () => {
  it.each([
    ['NUL', 'a\u0000b', 'body', 'control-characters'],
    ['a tab in a URL', 'a\tb', 'url', 'control-characters'],
    ['a lone high surrogate', 'SURR\ud800-2', 'body', 'lone-surrogate'],
    ['a lone low surrogate', '\udc00x', 'url', 'lone-surrogate'],
    ['a right-to-left override', 'abc\u202Edef', 'body', 'bidi-control'],
    ['a right-to-left isolate', '\u2067x', 'url', 'bidi-control'],
    ['a 40-digit integer in a URL', '9'.repeat(40), 'url', 'number-too-large'],
    ['a 200 KB topic', 'x'.repeat(200_000), 'body', 'max-length'],
  ] as const)('should refuse %s', (_what, value, place, rule) => {
    expect(checkText(value, place, DEFAULT_MAX_BODY_STRING_CHARS)?.rule).toBe(rule);
  });

  it.each([
    ['Vietnamese with diacritics', 'Nghị quyết chuyên đề: Ngô Thị Nga'],
    ['an emoji (a proper surrogate pair)', 'Chúc mừng 🎉'],
    ['tabs and line breaks in long text', 'dòng 1\r\n\tdòng 2'],
    ['a 15-digit number', '9'.repeat(15)],
  ])('should accept %s in a body', (_what, value) => {
    expect(checkText(value, 'body', DEFAULT_MAX_BODY_STRING_CHARS)).toBeUndefined();
  });
});

describe('formPairs', () => {
  it('should decode strictly, leaving undefined where the bytes are not UTF-8', () => {
    expect(formPairs('a=Ng%C3%B4+Th%E1%BB%8B&b=%C3%28&c')).toEqual([
      { name: 'a', value: 'Ngô Thị' },
      { name: 'b', value: undefined },
      { name: 'c', value: '' },
    ]);
  });
});
