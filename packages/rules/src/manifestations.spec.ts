import { MANIFESTATIONS, MANIFESTATION_GROUPS, isManifestationCode } from './manifestations';

describe('MANIFESTATIONS', () => {
  it('should name the three groups of Nghị quyết 04-NQ/TW', () => {
    expect(MANIFESTATION_GROUPS).toEqual([
      'Suy thoái về tư tưởng chính trị',
      'Suy thoái về đạo đức, lối sống',
      'Những biểu hiện “tự diễn biến”, “tự chuyển hóa”',
    ]);
  });

  it('should list 27 manifestations coded 1.1 to 3.9 in order', () => {
    const expected = [1, 2, 3].flatMap((g) => Array.from({ length: 9 }, (_, i) => `${g}.${i + 1}`));
    expect(MANIFESTATIONS.map((m) => m.code)).toEqual(expected);
  });

  it.each([1, 2, 3])('should put nine manifestations in group %i with the group number matching the code', (group) => {
    const inGroup = MANIFESTATIONS.filter((m) => m.group === group);
    expect(inGroup).toHaveLength(9);
    expect(inGroup.every((m) => m.code.startsWith(`${group}.`))).toBe(true);
  });

  it('should give every manifestation a distinct, short Vietnamese title', () => {
    const titles = MANIFESTATIONS.map((m) => m.title);
    expect(new Set(titles).size).toBe(27);
    for (const title of titles) {
      expect(title.length).toBeGreaterThan(10);
      expect(title.length).toBeLessThanOrEqual(110);
      expect(title).toMatch(/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i);
      expect(title).toBe(title.normalize('NFC'));
    }
  });

  it('should be frozen when someone tries to change it', () => {
    expect(Object.isFrozen(MANIFESTATIONS)).toBe(true);
    expect(Object.isFrozen(MANIFESTATIONS[0])).toBe(true);
    expect(Object.isFrozen(MANIFESTATION_GROUPS)).toBe(true);
  });
});

describe('isManifestationCode', () => {
  it.each([
    { code: '1.1', expected: true },
    { code: '2.5', expected: true },
    { code: '3.9', expected: true },
    { code: '3.10', expected: false },
    { code: '4.1', expected: false },
    { code: '1.0', expected: false },
    { code: '01.1', expected: false },
    { code: 1.1, expected: false },
    { code: '', expected: false },
  ])('should return $expected when given $code', ({ code, expected }) => {
    expect(isManifestationCode(code)).toBe(expected);
  });
});
