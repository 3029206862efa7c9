/** Japanese messages of admission (merged into the catalogue in ja.ts). */
export const jaAdmission = {
  'admission.invalidTransition': 'この申請は現在「{state}」のため、この操作（{action}）はできません。',
  'admission.staleVersion': 'この申請は他の人が先に更新しました。再読み込みしてから、もう一度操作してください。',
} as const;
