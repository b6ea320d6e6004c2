/**
 * 还: huán (repay) or hái (still, also)? pinyin-pro reads most 还 as hái, but in collection talk
 * about half mean repay (什么时候还, 让他还你, 一次还不了), and a synthetic collector who says
 * "still" for "repay" makes the corpus harder to hear than a real call. The rule looks at the
 * written neighbours, in this order:
 *
 * 1. a repay completion after it (还不起 / 还不了 / 还不上 / 还不还) → huán;
 * 2. an adverb use after it (还有, 还是, 还在, 还没, 还不…, 还要, 还能…) → hái;
 * 3. a repay object or complement after it (钱, 款, 了, 完, 你, 的, 吧, a number…) → huán;
 * 4. a verb, modal or time word before it (要还, 不还, 替他还, 一定还, 就还, 周五还…) → huán;
 * 5. the phrase ends at it (…什么时候还。) → huán;
 * 6. otherwise hái.
 */
const HUAN_COMPLETIONS = ['不起', '不了', '不上', '不还'];
const HAI_NEXT = [
  '有', '是', '在', '没', '不', '要', '欠', '差', '以为', '行', '打', '会', '敢', '能', '用', '想', '算', '挺',
  '知道', '管', '容易', '这么', '那么', '请', '找', '去', '背', '办', '得', '说', '真', '很', '好', '可以', '蛮',
  '让', '把', '跟', '等', '记得', '接', '来', '问', '一直',
];
const HUAN_NEXT = [...'钱款清债贷上了掉完过你他我她给的到吧啊呀嘛呢就一二两三四五六七八九十百千万几进'];
const HUAN_PREV = [...'要得不没会能先再来他她定就须紧少慢么候天去想应子父人周号底午班日晚前帮替怎哪'];
const PHRASE_END = /^[\s，。！？、；：,.!?;:…—～~]?$/;

/** Whether the 还 at `index` of `chars` (a sentence split into characters) reads huán (repay); false means hái. */
export function readsHuan(chars: readonly string[], index: number): boolean {
  const after = chars.slice(index + 1, index + 3).join('');
  const prev = chars[index - 1] ?? '';
  if (HUAN_COMPLETIONS.some((c) => after.startsWith(c))) return true;
  if (HAI_NEXT.some((c) => after.startsWith(c))) return false;
  if (HUAN_NEXT.some((c) => after.startsWith(c))) return true;
  if (HUAN_PREV.includes(prev)) return true;
  return PHRASE_END.test(after.slice(0, 1));
}
