export * from './errors.js';
export type * from './call-meta.js';
export type * from './transcript.js';
export * from './report.js';
export * from './audio.js';
