/** Japanese messages of the protections: text refused at the edge, malformed bodies, sealed mail links. */
export const jaSecurity = {
  'input.error.control':
    '「{field}」に使用できない制御文字（NUL など）または表示順を入れ替える文字が含まれています。取り除いてから送信してください。',
  'input.error.malformed': '「{field}」の文字列が正しい Unicode ではありません（壊れた文字が含まれています）。',
  'input.error.key': '「{field}」という名前の項目は受け付けられません。',
  'input.error.depth': '「{field}」の形式が正しくありません（入れ子が深すぎます）。',
  'admin.mail.sealedLink': '［1回限りのリンク：宛先にだけ届き、ここには保存されていません］',
  'devMail.title': '開発用メールボックス',
  'devMail.lead':
    '開発環境でだけ表示されます。アプリが送ったメール（SMTP 未設定のため送信されずに保存されたもの）を読み、リンクをたどれます。本番環境にはこのページはありません。',
  'nav.devMail': 'メールボックス（開発用）',
  'error.tokenNotAccepted':
    'API トークンは読み取り専用で、API・フィード・鍵・エクスポートの取得（GET）にだけ使えます。この操作にはログインしてください。',
  'error.malformedBody': '送信されたデータの形式が壊れています（フォームの区切りや見出しが正しくありません）。',
} as const;
