/** Japanese messages of reachability drills (merged into the catalogue in ja.ts). */
export const jaDrills = {
  'mail.drill.subject': '連絡窓口の疎通確認',
  'mail.drill.body':
    '{team} の連絡窓口の疎通確認です。下の暗号化されたメッセージをチームの鍵で復号し、中の確認コードを次のページで入力するか、中のリンクを開いて回答してください（ログインは不要です）。回答までの時間は受付時間で数え、結果は会員に表示されます。',
  'mail.drill.late.subject': '疎通確認に未回答です',
  'mail.drill.late.body':
    '{sent} に {address} へ送った {team} の疎通確認に、まだ回答がありません。チームの窓口が読まれているか確認し、下のメッセージを復号して回答してください（元のメールのコードでも回答できます）。',
  'mail.drill.failed.subject': '疎通確認に失敗しました',
  'mail.drill.failed.body':
    '{sent} に {address} へ送った {team} の疎通確認に、回答期限の 2 倍を過ぎても回答がありません。チームへの連絡をお願いします。',
  'mail.drill.code': '確認コード: {code}',
  'mail.drill.link': '回答用リンク: {link}',
  'mail.drill.answerAt': '回答ページ: {url}',
  'drill.answer.title': '疎通確認への回答 — {team}',
  'drill.answer.lead':
    '{sent} に {team} の連絡窓口へ送った疎通確認です。暗号化されたメッセージの中の確認コードを入力してください。',
  'drill.answer.code': '確認コード',
  'drill.answer.codeHint': '例: K7PD-9XWA（大文字・小文字、ハイフンの有無は問いません）',
  'drill.answer.submit': '回答する',
  'drill.answer.done': '回答を受け付けました。回答までの時間（受付時間内）: {took}',
  'drill.answer.doneLate': '回答を受け付けました（期限後）。回答までの時間（受付時間内）: {took}',
  'drill.answer.already': 'この疎通確認には {at} に回答済みです。',
  'drill.answer.wrongCode': '確認コードが違います。メールの暗号化された部分にあるコードを入力してください。',
  'drill.answer.unknown': 'この疎通確認は見つかりません',
  'drill.answer.unknownHelp': 'リンクが途中で切れていないか確認してください。',
  'drill.duration.minutes': '{minutes} 分',
  'drill.duration.hoursMinutes': '{hours} 時間 {minutes} 分',
  'field.reachability': '疎通確認',
  'drill.result.answered': '疎通確認 {date}: {took}で回答',
  'drill.result.answeredLate': '疎通確認 {date}: 期限後に回答（{took}）',
  'drill.result.late': '疎通確認 {date}: 期限を過ぎて未回答',
  'drill.result.failed': '疎通確認 {date}: 回答なし',
  'drill.result.no_key': '疎通確認 {date}: 検証済みの鍵がないため送れませんでした',
};
