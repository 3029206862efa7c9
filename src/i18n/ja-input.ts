/** Japanese messages of the request edge: text the application refuses, malformed bodies. */
export const jaInput = {
  'input.error.control':
    '「{field}」に使用できない制御文字（NUL など）または表示順を入れ替える文字が含まれています。取り除いてから送信してください。',
  'input.error.malformed': '「{field}」の文字列が正しい Unicode ではありません（壊れた文字が含まれています）。',
  'input.error.key': '「{field}」という名前の項目は受け付けられません。',
  'input.error.depth': '「{field}」の形式が正しくありません（入れ子が深すぎます）。',
  'error.malformedBody': '送信されたデータの形式が壊れています（フォームの区切りや見出しが正しくありません）。',
} as const;
