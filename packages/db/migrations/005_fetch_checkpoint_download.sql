-- How much of a fetch request's download has arrived (compressed bytes, as sent) and its size, so
-- `strand fetch --wait` can show "downloaded of total" from another host. NULL for files and efetch.
ALTER TABLE fetch_checkpoints ADD COLUMN downloaded_bytes bigint, ADD COLUMN total_bytes bigint;
