/**
 * A value each kind of entry-form input accepts: tests that walk the field registry fill a field they do not know
 * by name (one new to the registry) through it, so a new field is held to them without a line of their own.
 */
import type { Widget } from '../../src/entry/fields/kinds';

export function exampleFor(widget: Widget): string | string[] {
  if (widget.kind === 'select') return widget.options[0];
  if (widget.kind === 'checks') return [widget.options[0]];
  if (widget.kind === 'date') return '2020-04-01';
  if (widget.kind === 'email') return 'example@every.example.jp';
  if (widget.kind === 'url') return 'https://every.example.jp/';
  if (widget.kind === 'tel') return '+81355550123';
  if (widget.kind === 'time') return '09:00';
  return 'Every example';
}
