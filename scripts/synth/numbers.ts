const DIGITS: readonly string[] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** Phone-style digit reading: 1 is 幺 so it is not confused with 7. */
const PHONE_DIGITS: readonly string[] = ['零', '幺', '二', '三', '四', '五', '六', '七', '八', '九'];
const DIGIT_CONTEXT = /(工号|尾号|号码|电话|手机|卡号|编号|账号|热线)(是|为)?$/;

/**
 * Writes the numbers in a Chinese sentence as Chinese numerals, the way they are spoken:
 * amounts as values (3200 → 三千二百, 15000 → 一万五千, 20000 → 两万), decimals (1.5 → 一点五),
 * percentages (5% → 百分之五), clock times (20:41 → 二十点四十一分), years (2026年 → 二零二六年),
 * and phone/job/card numbers digit by digit with 幺 for 1 (long numbers, a leading 0, or after
 * 工号/电话/尾号/卡号…).
 */
export function numbersToChinese(text: string): string {
  return text
    .replace(/(\d{1,2}):(\d{2})/g, (_, h: string, m: string) => `${integerToChinese(Number(h))}点${Number(m) === 0 ? '' : `${integerToChinese(Number(m))}分`}`)
    .replace(/(\d+(?:\.\d+)?)%/g, (_, n: string) => `百分之${decimalToChinese(n)}`)
    .replace(/(\d{4})(?=年)/g, (_, y: string) => [...y].map((d) => DIGITS[Number(d)]).join(''))
    .replace(/\d+(?:\.\d+)?/g, (n: string, offset: number, whole: string) => {
      const before = whole.slice(Math.max(0, offset - 4), offset);
      if (!n.includes('.') && (n.length >= 7 || (n.length > 1 && n.startsWith('0')) || DIGIT_CONTEXT.test(before))) {
        return [...n].map((d) => PHONE_DIGITS[Number(d)]).join('');
      }
      return decimalToChinese(n);
    });
}

function decimalToChinese(n: string): string {
  const [int = '0', frac] = n.split('.');
  const head = integerToChinese(Number(int));
  return frac ? `${head}点${[...frac].map((d) => DIGITS[Number(d)]).join('')}` : head;
}

/** 0 ≤ n < 10^12 → 零, 十五, 一百零五, 三千二百, 两万, 一亿二千万. */
export function integerToChinese(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`integerToChinese: ${n} out of range`);
  if (n === 0) return '零';
  const parts: string[] = [];
  const groups: [number, string][] = [
    [Math.floor(n / 1e8), '亿'],
    [Math.floor((n % 1e8) / 1e4), '万'],
    [n % 1e4, ''],
  ];
  let needZero = false;
  let started = false;
  for (const [value, unit] of groups) {
    if (value === 0) {
      if (started) needZero = true;
      continue;
    }
    if (started && (needZero || value < 1000)) parts.push('零');
    parts.push((value === 2 && unit !== '' && !started ? '两' : below10000(value, !started)) + unit);
    started = true;
    needZero = false;
  }
  return parts.join('').replace(/零+/g, '零');
}

function below10000(n: number, leading: boolean): string {
  const units: readonly string[] = ['千', '百', '十', ''];
  const digits = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  let out = '';
  let zero = false;
  let started = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (started) zero = true;
      return;
    }
    if (zero) out += '零';
    zero = false;
    // 十五 not 一十五 at the start; 两千/两百 is what people say for a leading 2.
    if (d === 1 && i === 2 && !started && leading) out += '十';
    else out += (d === 2 && i <= 1 && !started && leading ? '两' : (DIGITS[d] ?? '')) + (units[i] ?? '');
    started = true;
  });
  return out;
}
