import { canonicalJson, NotCanonicalisableError } from './canonical-json';

describe('RFC 8785 canonical JSON', () => {
  it('writes the example of RFC 8785 §3.2.2 byte for byte', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], ' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units, as in RFC 8785 §3.2.3', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const order = Object.values(JSON.parse(canonicalJson(input)) as Record<string, string>);
    expect(Object.keys(JSON.parse(canonicalJson(input)) as object)).toHaveLength(7);
    expect(canonicalJson(input).indexOf('Carriage')).toBeLessThan(canonicalJson(input).indexOf('"One"'));
    expect([...canonicalJson(input).matchAll(/:"([^"]+)"/g)].map((match) => match[1])).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
    expect(order).toHaveLength(7);
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [123456789012345680000, '123456789012345680000'],
    [-1.5e-10, '-1.5e-10'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
  ])('writes the number %p as %s (ECMAScript Number-to-String)', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('nests arrays and objects without whitespace and leaves out undefined members', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: undefined, e: {} })).toBe(
      '{"b":[1,{"c":"x","d":null}],"e":{}}',
    );
  });

  it.each([
    ['NaN', Number.NaN, '(root)'],
    ['Infinity', { a: [Infinity] }, 'a[0]'],
    ['a lone surrogate', { text: 'a\ud800b' }, 'text'],
    ['a Date', { at: new Date(0) }, 'at'],
    ['a bigint', { n: 1n }, 'n'],
    ['undefined in an array', [undefined], '[0]'],
  ])('refuses %s, naming where it is', (_what, value, path) => {
    expect(() => canonicalJson(value)).toThrow(NotCanonicalisableError);
    expect(() => canonicalJson(value)).toThrow(new RegExp(`^${path.replace(/[[\]()]/g, '\\$&')}:`));
  });

  it('gives a value read back from JSON the same bytes it was written with', () => {
    const value = { z: [1.5, 'π', { y: true }], a: { c: 1e-9, b: '\u2028' } };
    const text = canonicalJson(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});
