import type { Transcript } from '../../../core/domain/transcript.js';

/** A call with a critical impersonation finding and an escalation signal from the customer. */
export function alertingTranscript(callId = 'call-1'): Transcript {
  return {
    callId,
    durationMs: 12_000,
    segments: [
      { speaker: 'agent', startMs: 0, endMs: 3000, text: '您好，我是受招商银行委托的催收公司', trusted: true, channel: 0 },
      { speaker: 'agent', startMs: 3000, endMs: 6000, text: '我是公安局的，你涉嫌诈骗', trusted: true, channel: 0 },
      { speaker: 'customer', startMs: 6500, endMs: 9000, text: '我不想活了', trusted: true, channel: 1 },
    ],
  };
}

/** A clean call: identity statement, no violation. */
export function cleanTranscript(callId = 'call-clean'): Transcript {
  return {
    callId,
    durationMs: 6_000,
    segments: [
      { speaker: 'agent', startMs: 0, endMs: 3000, text: '您好，我是受招商银行委托的催收公司', trusted: true, channel: 0 },
      { speaker: 'customer', startMs: 3500, endMs: 5000, text: '好的，我知道了', trusted: true, channel: 1 },
    ],
  };
}

/** Polls `fn` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
