ALTER TABLE segments DROP COLUMN IF EXISTS asr_logprob;
