import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('should give one text for objects whose keys were inserted in different orders', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('should follow JSON.stringify for what JSON cannot hold', () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: [undefined, Number.NaN, Infinity], d: new Date('2022-03-16T02:00:00.000Z') })).toBe(
      '{"c":[null,null,null],"d":"2022-03-16T02:00:00.000Z"}',
    );
    expect(canonicalJson('Ngô Thị Nga "bí thư"')).toBe(JSON.stringify('Ngô Thị Nga "bí thư"'));
  });

  it.each([
    ['a bigint', 1n],
    ['undefined', undefined],
  ])('should throw when given %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('should throw when the value has a cycle', () => {
    const looped: Record<string, unknown> = {};
    looped['self'] = looped;
    expect(() => canonicalJson(looped)).toThrow(/cycle/);
  });

  it('should allow the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});
