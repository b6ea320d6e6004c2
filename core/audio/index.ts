export { decodeAudio, type DecodeOptions } from './decode.js';
export { probeAudio, inputName, type AudioInput, type AudioProbe, type ProbeOptions } from './probe.js';
export { rmsDb, peakWindowDb, speechLoudnessDb, SILENCE_DB } from './loudness.js';
export { channelLayout, isDualMono, DEFAULT_CHANNEL_MAP, type ChannelAssignment } from './channel-layout.js';
