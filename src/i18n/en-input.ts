import type { jaInput } from './ja-input';

/** English messages of the request edge. */
export const enInput: Record<keyof typeof jaInput, string> = {
  'input.error.control':
    '“{field}” contains a control character (such as NUL) or a character that reorders text, which is not allowed. Please remove it and send again.',
  'input.error.malformed': '“{field}” is not valid Unicode text (it contains a broken character).',
  'input.error.key': 'A field named “{field}” is not accepted.',
  'input.error.depth': '“{field}” is not in a valid form (nested too deeply).',
  'error.malformedBody': 'The data sent is malformed (its form boundaries or part headers are not valid).',
};
