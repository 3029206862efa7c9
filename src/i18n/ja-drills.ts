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
};
