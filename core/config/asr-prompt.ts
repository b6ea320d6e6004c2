/**
 * The default text Whisper is given as the words before each window (its `initial_prompt`).
 *
 * A prompt biases the decoder towards its vocabulary and its script: the words a collection call is
 * made of (还款, 逾期, 欠款, 分期, 最低还款额…) are spelt as such instead of a homophone (缓款,
 * 环款), and the output stays in Simplified characters with Chinese punctuation. It names the
 * business words of every call and none of the words a rule looks for (threats, authorities,
 * contacts, identity statements): a prompt's words can be echoed into a window where the audio is
 * unclear, and an echo must never raise or silence a finding. `CALLQA_ASR_PROMPT` replaces it; an
 * empty value turns it off. Measured in BENCHMARKS.md (detection and CER with and without).
 */
export const DEFAULT_ASR_PROMPT = '以下是普通话的电话录音，关于信用卡欠款的还款事宜：逾期、本金、利息、分期、最低还款额、还款日。';
