import { findInputProblem, textProblem } from '../../src/http/input-guard';

describe('what text the edge accepts', () => {
  test.each([
    ['NUL', 'a\u0000b', 'control'],
    ['vertical tab', 'a\u000bb', 'control'],
    ['form feed', 'a\u000cb', 'control'],
    ['escape', '\u001b[2J', 'control'],
    ['DEL', '\u007f', 'control'],
    ['C1 next line', '\u0085', 'control'],
    ['right-to-left override', '\u202e', 'control'],
    ['first strong isolate', '\u2068', 'control'],
    ['noncharacter', '\uffff', 'control'],
    ['lone high surrogate', 'a\ud800', 'malformed'],
    ['lone low surrogate', '\udc00b', 'malformed'],
  ])('when a value holds a %s, then it is refused', (_name, value, problem) => {
    expect(textProblem(value)).toBe(problem);
  });

  test.each([
    ['tab, line feed and carriage return', 'a\tb\nc\r\nd'],
    ['Japanese, full-width and half-width kana', 'さくら計測 ＣＳＩＲＴ ｻｸﾗ'],
    ['emoji with joiners', '👩‍💻🏳️‍🌈'],
    ['left-to-right and right-to-left marks', 'abc\u200e\u200f'],
    ['Arabic and Hebrew', 'مرحبا שלום'],
  ])('when a value holds %s, then it is accepted', (_name, value) => {
    expect(textProblem(value)).toBeNull();
  });

  test('when a problem sits deep in lists or in a key, then the field that holds it is named', () => {
    expect(findInputProblem({ a: 'ok', services: ['x', 'y\u0000'] })).toEqual({
      field: 'services',
      problem: 'control',
    });
    expect(findInputProblem({ constructor: 'x' })).toEqual({ field: 'constructor', problem: 'key' });
    expect(findInputProblem({ 'na\u0000me': 'x' })).toEqual({ field: 'na\ufffdme', problem: 'control' });
    expect(findInputProblem({ a: { b: { c: { d: 'x' } } } })).toEqual({ field: 'a.b.c', problem: 'depth' });
    expect(findInputProblem({ a: 'fine', b: ['also', 'fine'] })).toBeNull();
  });
});
