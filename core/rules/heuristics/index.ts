export type { DraftFinding, HeuristicInput } from './types.js';
export { detectRaisedVoice } from './raised-voice.js';
export { detectInterruptions, findInterruptions, type InterruptionEvent } from './interruption.js';
export { detectCallingHours, localTime } from './calling-hours.js';
export { detectMissingIdentity, MIN_AGENT_CHARS_FOR_IDENTITY, type IdentityStatement } from './missing-identity.js';
export { computeMetrics } from './metrics.js';
export { unionSpans, intersectionMs, totalMs, speakerSpans } from './spans.js';
