/** English messages of reachability drills (merged into the catalogue in en.ts). */
import type { jaDrills } from './ja-drills';

export const enDrills: Record<keyof typeof jaDrills, string> = {
  'mail.drill.subject': 'Point of Contact reachability check',
  'mail.drill.body':
    'This is a reachability check of the Point of Contact of {team}. Decrypt the message below with the team’s key and enter the code inside on the page below, or open the link inside (no sign-in needed). The time to answer is counted in business hours; members see the result.',
  'mail.drill.late.subject': 'Reachability check not answered',
  'mail.drill.late.body':
    'The reachability check sent to {address} for {team} on {sent} has not been answered. Please make sure the team mailbox is read, and answer by decrypting the message below (the code in the first mail works too).',
  'mail.drill.failed.subject': 'Reachability check failed',
  'mail.drill.failed.body':
    'The reachability check sent to {address} for {team} on {sent} is still unanswered after twice its window. Please contact the team.',
  'mail.drill.code': 'Code: {code}',
  'mail.drill.link': 'Answer link: {link}',
  'mail.drill.answerAt': 'Answer page: {url}',
  'drill.answer.title': 'Answer a reachability check — {team}',
  'drill.answer.lead':
    'This reachability check was sent to the Point of Contact of {team} on {sent}. Enter the code from the encrypted message.',
  'drill.answer.code': 'Code',
  'drill.answer.codeHint': 'For example K7PD-9XWA (case and dashes do not matter)',
  'drill.answer.submit': 'Answer',
  'drill.answer.done': 'Answer received. Time to answer (business hours): {took}',
  'drill.answer.doneLate': 'Answer received, after the deadline. Time to answer (business hours): {took}',
  'drill.answer.already': 'This check was answered on {at}.',
  'drill.answer.wrongCode': 'That is not the code. Enter the code from the encrypted part of the mail.',
  'drill.answer.unknown': 'No such reachability check',
  'drill.answer.unknownHelp': 'Please check that the link was not cut short.',
  'drill.duration.minutes': '{minutes} min',
  'drill.duration.hoursMinutes': '{hours} h {minutes} min',
  'field.reachability': 'Reachability check',
  'drill.result.answered': 'PoC test {date}: answered in {took}',
  'drill.result.answeredLate': 'PoC test {date}: answered late, in {took}',
  'drill.result.late': 'PoC test {date}: overdue, not answered yet',
  'drill.result.failed': 'PoC test {date}: no answer',
  'drill.result.no_key': 'PoC test {date}: could not be sent (no verified key)',
};
