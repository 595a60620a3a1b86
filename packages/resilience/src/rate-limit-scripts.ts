import { LuaScript } from './lua-script.js';

/**
 * Sliding-window log, one sorted set per window, checked and updated in ONE atomic script so that
 * concurrent callers in any number of processes see each other's grants.
 *
 * KEYS[1] = pause key, KEYS[2..] = one sorted set per window (member = grant id, score = grant time).
 * ARGV[1] = grant id; then per window: limit, span (ms, already stretched by the slowdown), retention (ms).
 * Time is Redis's own clock (TIME, in integer ms), so clients' clocks never matter.
 * A grant at `now` is allowed only if, for every window, fewer than `limit` grants have
 * score > now - span; so every half-open interval [t, t + span) holds at most `limit` grants.
 * Returns {granted (0|1), waitMs, nowMs}: waitMs is how long until the blocking grant leaves its window
 * (or until the shared pause ends).
 */
export const ACQUIRE_SCRIPT = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > now then return {0, paused - now, now} end
local wait = 0
for i = 2, #KEYS do
  local base = (i - 2) * 3 + 1
  local limit = tonumber(ARGV[base + 1])
  local span = tonumber(ARGV[base + 2])
  local retention = tonumber(ARGV[base + 3])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - retention)
  local count = redis.call('ZCOUNT', KEYS[i], now - span + 1, '+inf')
  if count >= limit then
    local blocking = redis.call('ZRANGEBYSCORE', KEYS[i], now - span + 1, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    local w = tonumber(blocking[2]) + span - now
    if w > wait then wait = w end
  end
end
if wait > 0 then return {0, wait, now} end
for i = 2, #KEYS do
  local base = (i - 2) * 3 + 1
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[base + 3]))
end
return {1, 0, now}
`);

/**
 * Extends (never shortens) the shared pause. ARGV[1] = absolute epoch ms, or ARGV[2] = ms from
 * Redis's now when ARGV[1] is 0. The key expires when the pause ends. Returns the pause end.
 */
export const PAUSE_SCRIPT = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = tonumber(ARGV[1])
if untilMs == 0 then untilMs = now + tonumber(ARGV[2]) end
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= untilMs then return current end
if untilMs <= now then return current end
redis.call('SET', KEYS[1], untilMs, 'PX', untilMs - now)
return untilMs
`);
