/**
 * Generated calls for the service benchmark: distinct two-party collection calls spoken by the
 * `../shared/tts` syllable voice (stereo 8 kHz μ-law, agent left, customer right; the customer 250 cents lower, as in the detection corpus), cached under
 * `bench/.cache/service/` (never committed). Content is seeded, so a run is reproducible and
 * every call has its own words (and content hash: the service deduplicates identical uploads).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bankVoice, integerToChinese, loadSyllableBank, renderCall, type CallTurn, type Voice } from '../../scripts/synth/index.js';

const require = createRequire(import.meta.url);
export const SERVICE_CACHE_DIR = join(import.meta.dirname, '..', '.cache', 'service');

const SURNAMES = ['张', '王', '李', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const BANKS = ['招商银行', '建设银行', '工商银行', '平安银行', '中信银行', '交通银行'];

/** Neutral agent turns; `{n}` is the surname, `{amt}` an amount, `{d}` a day of the month. */
const AGENT_LINES = [
  '您好，我是{bank}委托的催收专员，请问是{n}先生吗？',
  '您的信用卡目前逾期了{d}天，欠款金额是{amt}元。',
  '请问您这个月什么时候方便还款？',
  '我们可以帮您申请分期，每个月还{amt}元。',
  '逾期会影响您的个人征信，建议您尽快处理。',
  '您可以通过手机银行还款，也可以去柜台办理。',
  '好的，我帮您记录一下，本月{d}号之前还款。',
  '如果有困难可以跟我们说，我们一起想办法。',
  '请您核对一下，最低还款额是{amt}元。',
  '这次通话会录音，请您理解。',
  '那我们约定{d}号再跟您联系，可以吗？',
  '感谢您的配合，祝您生活愉快，再见。',
];
const CUSTOMER_LINES = [
  '对，我是，有什么事吗？',
  '我最近手头比较紧，工资还没发。',
  '我下个月{d}号发工资，到时候先还一部分。',
  '分期的话每个月要还多少？',
  '好的，我知道了。',
  '我先还{amt}元可以吗？',
  '我在上班，不方便说太久。',
  '行，你把还款账号发给我。',
  '利息能不能减免一点？',
  '我会尽快处理的，谢谢。',
];

/** Alerting content for the latency calls (contact-list threat, customer suicide talk). */
const ALERT_AGENT = ['你再不还钱，我们就联系你通讯录里的所有人。', '你今天不还，我们就打电话给你通讯录里的所有人。'];
const ALERT_CUSTOMER = ['我不想活了。', '我真的不想活了。'];

/** A small seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fill(line: string, r: () => number, name: string, bank: string): string {
  return line
    .replaceAll('{n}', name)
    .replaceAll('{bank}', bank)
    .replaceAll('{amt}', integerToChinese(100 * (5 + Math.floor(r() * 400))))
    .replaceAll('{d}', integerToChinese(1 + Math.floor(r() * 28)));
}

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;

/**
 * A call script of alternating turns with realistic timing (gaps of 0.2–1.2 s, now and then a
 * short over-talk), about `targetMs` long (≈ 330 ms per spoken character at the bank voice's
 * tempo). With `alert`, the agent's threat and the customer's suicide talk sit mid-call.
 */
export function serviceCallScript(seed: number, targetMs: number, alert = false): CallTurn[] {
  const r = rng(seed);
  const name = pick(SURNAMES, r);
  const bank = pick(BANKS, r);
  const turns: CallTurn[] = [];
  let estMs = 1200;
  let i = 0;
  const alertAt = Math.floor(targetMs / 2);
  let alerted = false;
  while (estMs < targetMs) {
    const speaker = i % 2 === 0 ? 'agent' : 'customer';
    let text: string;
    if (alert && !alerted && estMs >= alertAt && speaker === 'agent') {
      text = pick(ALERT_AGENT, r);
    } else if (alert && !alerted && estMs >= alertAt && speaker === 'customer' && turns.at(-1)?.text.includes('通讯录')) {
      text = pick(ALERT_CUSTOMER, r);
      alerted = true;
    } else {
      text = i === 0 ? fill(AGENT_LINES[0] as string, r, name, bank) : fill(pick(speaker === 'agent' ? AGENT_LINES.slice(1) : CUSTOMER_LINES, r), r, name, bank);
    }
    const overTalk = i > 0 && r() < 0.1 && !text.includes('通讯录') && !text.includes('不想活');
    turns.push(overTalk ? { speaker, text, overlapMs: 300 } : { speaker, text, gapMs: 200 + Math.round(r() * 1000) });
    estMs += text.length * 330 + 700;
    i++;
  }
  return turns;
}

export interface ServiceCall {
  name: string;
  path: string;
  durationMs: number;
  /** Cache hit (not rendered this run). */
  cached: boolean;
  /** Where the alerting turns are (latency calls), for the miss report. */
  alertSpanMs?: { startMs: number; endMs: number };
}

let voices: Promise<{ agent: Voice; customer: Voice; ffmpegPath: string }> | undefined;
function getVoices(): Promise<{ agent: Voice; customer: Voice; ffmpegPath: string }> {
  voices ??= (async () => {
    const ffmpegPath = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    const bank = await loadSyllableBank('ekho-v2022');
    return { agent: bankVoice(bank, { ffmpegPath }), customer: bankVoice(bank, { ffmpegPath, pitchCents: -250 }), ffmpegPath };
  })();
  return voices;
}

/** Renders (or reads from the cache) one scripted call as a stereo 8 kHz μ-law WAV. */
export async function renderServiceCall(name: string, script: readonly CallTurn[]): Promise<ServiceCall> {
  const key = createHash('sha256').update(JSON.stringify(script)).digest('hex').slice(0, 16);
  await mkdir(SERVICE_CACHE_DIR, { recursive: true });
  const path = join(SERVICE_CACHE_DIR, `${name}-${key}.wav`);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const m = JSON.parse(await readFile(metaPath, 'utf8')) as Pick<ServiceCall, 'durationMs' | 'alertSpanMs'>;
    return { name, path, ...m, cached: true };
  }
  const v = await getVoices();
  const call = await renderCall(script, { voices: { agent: v.agent, customer: v.customer }, ffmpegPath: v.ffmpegPath, format: 'tel8k', noiseDb: -60 });
  await writeFile(`${path}.tmp`, call.wav);
  await rename(`${path}.tmp`, path);
  const alertTurns = call.turns.filter((t) => t.text.includes('通讯录') || t.text.includes('不想活'));
  const alertSpanMs = alertTurns.length ? { startMs: Math.min(...alertTurns.map((t) => t.startMs)), endMs: Math.max(...alertTurns.map((t) => t.endMs)) } : undefined;
  const m = { durationMs: call.durationMs, ...(alertSpanMs ? { alertSpanMs } : {}) };
  await writeFile(metaPath, JSON.stringify({ ...m, turns: call.turns.length }));
  return { name, path, ...m, cached: false };
}

/**
 * Renders a call of about `targetMs`: the script length is estimated, then re-scaled once or
 * twice from the rendered duration (the voice's speed varies with the words).
 */
export async function renderServiceCallOfLength(name: string, seed: number, targetMs: number, alert = false): Promise<ServiceCall> {
  let estimateMs = targetMs;
  let call = await renderServiceCall(name, serviceCallScript(seed, estimateMs, alert));
  for (let i = 0; i < 3 && Math.abs(call.durationMs - targetMs) > 0.1 * targetMs; i++) {
    estimateMs *= targetMs / call.durationMs;
    call = await renderServiceCall(name, serviceCallScript(seed, estimateMs, alert));
  }
  return call;
}
