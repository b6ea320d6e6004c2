-- The recogniser's mean token log-probability per segment (Whisper's avg_logprob): lets the
-- analysis tell words it heard from words it guessed. NULL for transcripts stored before it.
ALTER TABLE segments ADD COLUMN asr_logprob real;
