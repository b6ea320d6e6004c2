import { describe, expect, it } from 'vitest';
import { compileFillers, concatNormText, normalizeText } from '../../../core/rules/lexicon/normalize.js';

const fillers = compileFillers(['那个', '就是', '嗯', '啊']);

describe('concatNormText', () => {
  const pairs: Array<[string, string]> = [
    ['你再不还钱，我们就', '联系你通讯录里的所有人。'],
    ['我是受招商银行委托的', '华信公司的工作人员'],
    ['那个就是', '嗯你好'],
    ['他欠的钱那个', '你帮他还一下'],
    ['我们是法院的 ', ' 你的案子已经立案了'],
    ['通訊錄裡的人', '都會知道'],
    ['ABC１２３，', '好的'],
  ];
  for (const [a, b] of pairs) {
    it(`equals normalising "${a}" + "${b}" at once`, () => {
      const joined = concatNormText(normalizeText(a, fillers), normalizeText(b, fillers));
      const direct = normalizeText(a + b, fillers);
      expect(joined.chars).toBe(direct.chars);
      expect(joined.text).toBe(direct.text);
      expect([...joined.map]).toEqual([...direct.map]);
      expect([...joined.breaks]).toEqual([...direct.breaks]);
    });
  }
});
