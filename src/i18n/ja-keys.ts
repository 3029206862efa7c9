/** Japanese messages of the PGP key features (merged into the catalogue in ja.ts). */
export const jaKeys = {
  'nav.keyCheck': '鍵のチェック',

  'keyError.empty': '鍵が入力されていません。',
  'keyError.too_large': '入力が大きすぎます（上限 1 MiB）。',
  'keyError.not_openpgp': 'OpenPGP の鍵として読み取れません。',
  'keyError.corrupted': '鍵のデータが壊れているか、途中で切れています。コピーし直してください。',
  'keyError.multiple_keys': '複数の鍵が含まれています。鍵は1つずつ送ってください。',
  'keyError.private_key':
    'これは秘密鍵です。秘密鍵は誰にも渡さないでください。受け付けておらず、保存も記録もしていません。公開鍵だけを gpg --armor --export <フィンガープリント> で書き出して送ってください。',
  'keyError.revoked': 'この鍵は失効しています。',
  'keyError.expired': 'この鍵は {date} に有効期限が切れています。',
  'keyError.no_encryption_key': '暗号化に使える鍵（サブ鍵）がありません。署名専用の鍵あてには暗号化できません。',
  'keyError.weak_key': '鍵長が短すぎます（{bits} ビット）。RSA・DSA・ElGamal は 2048 ビット以上が必要です。',
  'keyError.too_many_user_ids':
    'ユーザー ID が多すぎます（{count} 個、上限 {limit} 個）。使っていないユーザー ID を削除して書き出し直してください。',
  'keyError.too_many_subkeys':
    'サブ鍵が多すぎます（{count} 個、上限 {limit} 個）。使っていないサブ鍵を削除して書き出し直してください。',
  'keyError.too_many_packets':
    '鍵のデータが多すぎます（第三者の署名を除いて {count} パケット、上限 {limit}）。gpg --export-options export-minimal --armor --export <フィンガープリント> で古い自己署名を除いて書き出してください。',
  'keyWarning.rsa_under_3072': 'RSA {bits} ビットの鍵です。3072 ビット以上を推奨します。',
  'keyWarning.legacy_algorithm':
    'DSA・ElGamal は古い方式です。Ed25519 または RSA 3072 ビット以上への移行をおすすめします。',
  'keyWarning.expires_soon': '{date} に有効期限が切れます。期限を延長するか、新しい鍵を登録してください。',
  'keyWarning.no_expiry': '有効期限がありません。期限を設定し、定期的に延長することをおすすめします。',
  'keyWarning.no_matching_uid': 'ユーザー ID に {email} が含まれていません。',
  'keyWarning.sha1_self_signature': '自己署名に SHA-1 が使われています。SHA-256 以上で署名し直してください。',

  'keyCheck.title': 'PGP 公開鍵のチェック',
  'keyCheck.lead': '公開鍵を貼り付けるかファイルを選ぶと、登録できる鍵かどうかを確認します。鍵は保存しません。',
  'keyCheck.paste': '公開鍵（ASCII 形式）',
  'keyCheck.file': 'または鍵のファイル',
  'keyCheck.email': '照合するメールアドレス（任意）',
  'keyCheck.submit': 'チェック',
  'keyCheck.ok': 'この鍵は登録できます。',
  'keyCheck.notOk': 'この鍵は登録できません。',
  'keyCheck.errors': '問題',
  'keyCheck.warnings': '注意',
  'keyCheck.api': 'API: POST /api/v1/keys/check（本文に鍵、任意で ?email=）',

  'keys.title': '{team} の PGP 鍵',
  'keys.expected':
    '協議会の名簿には、このチームの鍵として次のフィンガープリントが記録されています。その公開鍵を登録してください。',
  'keys.manage': '鍵の管理',
  'keys.role.current': '現在の鍵',
  'keys.role.next': '次の鍵（切り替え中）',
  'keys.role.retired': '廃止済み',
  'keys.status': '状態',
  'keys.verified': '所持確認',
  'keys.verifiedOn': '{date}に所持確認済み',
  'keys.verifiedDate': '確認済み（{date}）',
  'keys.retireConfirm': 'この鍵を廃止しますか？廃止した鍵は配布されなくなります。',
  'keyCheck.uids': 'ユーザー ID',
  'keys.notVerified': '未確認',
  'keys.added': '登録日',
  'keys.retiredOn': '{date}に廃止',
  'keys.retire': '廃止する',
  'keys.retireCurrentHint': '現在の鍵を廃止すると、次の鍵が現在の鍵になります。',
  'keys.upload': '鍵を登録',
  'keys.uploadHint':
    '新しい鍵は、チームのアドレスに届く所持確認のコードを入力するまで公開されません。確認後、現在の鍵が有効なら「次の鍵」として両方が公開され、古い鍵を廃止すると切り替わります。',
  'keys.confirmFingerprint': 'あなたの gpg が表示するフィンガープリント（gpg --fingerprint）',
  'keys.confirmFingerprintHint': '空白や大文字・小文字は区別しません。',
  'keys.fingerprintMismatch':
    '入力されたフィンガープリントが鍵と一致しません。鍵を取り違えていないか確認してください。',
  'keys.nextExists': '既に次の鍵があります。先に現在の鍵を廃止するか、次の鍵を廃止してください。',
  'keys.alreadyRegistered': 'この鍵は既に登録されています。',
  'keys.uploaded':
    '鍵を受け付けました。所持確認のコードを暗号化して {email} に送りました。コードを入力するまで、この鍵は公開されません。',
  'keys.verifyCode': '確認コード',
  'keys.verify': '所持を確認',
  'keys.verifyHint':
    'チームのアドレスに届いた暗号化メールを復号し、書かれているコードを入力してください（7日間有効）。',
  'keys.codeWrong': 'コードが正しくないか、有効期限が切れています。',
  'keys.verifiedNow': '鍵の所持を確認しました。',
  'keys.role.pending': '新しい鍵（所持確認待ち・未公開）',
  'keys.pendingHint':
    'この鍵はまだどこにも公開されていません（鍵サーバー、チームのページ、API、協議会からのメールの暗号化）。チームのアドレスに届いた暗号化メールのコードを入力すると公開され、現在の鍵が有効なら「次の鍵」、なければ「現在の鍵」になります。',
  'keys.uidMismatch':
    'この鍵のユーザー ID には、チームのアドレス {email} が含まれていません。他の組織の鍵ではないか確認してください。所持確認が済むまで、この鍵はチームの鍵として公開されません。心当たりがなければ、この鍵を破棄してください。',
  'keys.discard': '破棄する',
  'keys.discardConfirm': '所持確認待ちのこの鍵を破棄しますか？',
  'keys.verifiedCurrent': '鍵の所持を確認しました。この鍵がチームの現在の鍵として公開されています。',
  'keys.verifiedNext':
    '鍵の所持を確認しました。この鍵は「次の鍵」として現在の鍵と一緒に公開されています。現在の鍵を廃止すると切り替わります。',
  'keys.pendingUnusable':
    'この鍵は登録後に有効期限が切れたか失効したため、公開できません。新しい鍵を登録してください。',
  'keys.lastKeyWarning':
    'この鍵を廃止すると、チームには使える鍵がなくなります。鍵サーバー、チームのページ、API のどこにもチームの鍵が公開されず、協議会からのメールも暗号化されなくなります。先に新しい鍵を登録し、所持確認を済ませることをおすすめします。',
  'keys.lastKeyConfirm': 'チームに鍵がなくなることを理解したうえで廃止します',
  'keys.lastKeyConfirmMissing':
    'この鍵を廃止するとチームに使える鍵がなくなります。それでも廃止する場合は「チームに鍵がなくなることを理解したうえで廃止します」にチェックを入れてください。',
  'keys.retireLastConfirm': 'チームに使える鍵がなくなります。本当に廃止しますか？',
  'keys.done.promoted': '鍵を廃止しました。次の鍵が現在の鍵になりました。',
  'keys.done.retired': '鍵を廃止しました。現在の鍵はそのまま公開されています。',
  'keys.done.noKey': '鍵を廃止しました。チームには現在、使える鍵がありません。新しい鍵を登録してください。',
  'keys.done.discarded': '所持確認待ちの鍵を破棄しました。',
  'keys.done.already': 'この鍵は既に廃止または失効しています。',
  'keys.done.revoked':
    '失効を取り込みました。鍵は失効済みとして鍵サーバーで配布され、gpg --refresh-keys で失効が伝わります。',
  'keys.done.revokedPromoted':
    '失効を取り込みました。鍵は失効済みとして鍵サーバーで配布されます。次の鍵が現在の鍵になりました。',
  'keys.done.revokedNoKey':
    '失効を取り込みました。鍵は失効済みとして鍵サーバーで配布されます。チームには現在、使える鍵がありません。新しい鍵を登録してください。',
  'keys.done.mail': 'メールの暗号化の設定を保存しました。',
  'keys.revoked': '失効済み',
  'keys.revocation': '失効の取り込み',
  'keys.revocationHint':
    '鍵が漏えいした、または使わなくなったときは、失効証明書（gpg --gen-revoke <フィンガープリント> の出力、または鍵の作成時に gpg が openpgp-revocs.d に作ったもの）か、失効させた鍵を書き出したもの（gpg --armor --export <フィンガープリント>）を取り込んでください。失効した鍵は鍵サーバーで失効付きで配布され、gpg --refresh-keys を実行した人に失効が伝わります。',
  'keys.revocationPaste': '失効証明書または失効させた鍵（ASCII 形式）',
  'keys.revocationFile': 'または失効証明書のファイル',
  'keys.revocationSubmit': '失効を取り込む',
  'keys.revocationError.empty': '失効証明書を貼り付けるか、ファイルを選んでください。',
  'keys.revocationError.too_large': '入力が大きすぎます。失効証明書だけを送ってください。',
  'keys.revocationError.private_key':
    'これは秘密鍵です。受け付けておらず、保存も記録もしていません。失効証明書か公開鍵だけを送ってください。',
  'keys.revocationError.not_revocation':
    '鍵の失効署名が見つかりません。gpg --gen-revoke の出力、または失効させた鍵を書き出したものを送ってください（ユーザー ID の失効は鍵の失効ではありません）。',
  'keys.revocationError.wrong_key': 'このチームに登録されたどの鍵の失効でもありません。',
  'keys.revocationError.bad_signature': '失効署名を鍵で検証できません。データが壊れていないか確認してください。',
  'keys.history': '鍵の履歴',
  'keys.download': '公開鍵をダウンロード（.asc）',
  'keys.nextKey': '次の鍵（切り替え中）',
  'keys.gpgFetch': 'gpg で取得:',

  'mail.keyPossession.subject': '鍵の所持確認',
  'mail.keyPossession.body':
    '{team} の PGP 鍵 {fingerprint} が登録されました。この鍵は、所持が確認されるまで公開されません。次の暗号化メッセージを復号し、書かれているコードを鍵の管理画面で入力してください。心当たりのない鍵であれば、入力せずに事務局へお知らせください。',
  'mail.keyPossession.code': '確認コード: {code}（{date} まで有効）',

  'mail.encryptedCopy.body':
    '協議会から {to} あてに「{subject}」を送りました。このメールはチームの PGP 鍵で暗号化されているため、内容はここには書いていません。チームのアドレスに届いたメールを復号して確認してください。',

  'validation.fingerprint': 'フィンガープリントは16進数40桁で入力してください。',
  'validation.key': '公開鍵を貼り付けるか、ファイルを選んでください。',
  'validation.code8': '確認コードを入力してください。',
} as const;
