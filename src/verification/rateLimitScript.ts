// The Lua script that counts a token's rate limit in Redis (rateLimiter.ts says the algorithm):
// one hash per token, a field per sub-bucket and one (RATE_FIELD) for the limit they were granted
// under, read and written atomically on Redis's clock.

/** Sub-buckets per window. */
export const SUB_BUCKETS = 10;
/** The field that holds the limit the grants were made under: a number, so that a script of the
 *  build before it (a rolling deploy, a rollback) takes it for a long-past sub-bucket and deletes
 *  it, instead of failing on a field name that is no number. */
const RATE_FIELD = -1;

// KEYS[1]: the token's hash; ARGV: limit, window (ms), wanted (0 only reads), sub-buckets to
// reserve ahead, and how many in each. Grants what is left up to `wanted` (nothing at all
// answers 0 left: the windows holding the current sub-bucket are full); answers what it granted,
// what is left in the window ending now, the reset time, the ms until the current sub-bucket ends
// (the life of a lease) and its number, then granted, left and reset of each sub-bucket reserved
// ahead.
export const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ahead, each = tonumber(ARGV[4]), tonumber(ARGV[5])
local width = window / ${SUB_BUCKETS}
local current = math.floor(now / width)
local rate = ARGV[1] .. '/' .. ARGV[2]
local fields = redis.call('HGETALL', KEYS[1])
local count, stale, names, counted = {}, {}, {}, rate
for i = 1, #fields, 2 do
  local b = tonumber(fields[i])
  if b == ${RATE_FIELD} then counted = fields[i + 1]
  elseif b < current - ${SUB_BUCKETS} then stale[#stale + 1] = fields[i]
  else count[b] = tonumber(fields[i + 1]); names[b] = fields[i] end
end
-- Reserved ahead under another limit: dropped, so that a lowered limit is not spent by them. None
-- of it was spent (a sub-bucket's requests are spent only once it has begun). An instance drops
-- its slices of a token once it knows the new limit. While one still counts under the old limit
-- (for up to the 1 s a change takes to reach it), its calls drop what others reserved under the
-- new one, which they go on spending uncounted: a lease per sub-bucket and instance at most
-- (1 % of the limit a window), for up to the 5 s reserved.
if counted ~= rate then
  for b, name in pairs(names) do
    if b > current then count[b] = nil; stale[#stale + 1] = name end
  end
end
if #stale > 0 then redis.call('HDEL', KEYS[1], unpack(stale)) end
-- sums[e]: what the window of 11 sub-buckets ending in e holds, for every e a grant can touch.
local sums, run = {}, 0
for k = current - ${SUB_BUCKETS}, current + ahead + ${SUB_BUCKETS} do
  run = run + (count[k] or 0) - (count[k - ${SUB_BUCKETS + 1}] or 0)
  if k >= current then sums[k] = run end
end
local changed = {}
-- Grants up to n in sub-bucket b, checked against every window holding it (those ending in b to b + 10).
local function grant(b, n)
  local most = 0
  for e = b, b + ${SUB_BUCKETS} do if sums[e] > most then most = sums[e] end end
  local g = math.min(n, limit - most)
  if g <= 0 then return 0 end
  count[b] = (count[b] or 0) + g
  for e = b, b + ${SUB_BUCKETS} do sums[e] = sums[e] + g end
  changed[#changed + 1] = b
  changed[#changed + 1] = count[b]
  return g
end
-- What is left in the window ending in sub-bucket b, and when its oldest counted one leaves it;
-- none counted: when one admitted in b would (what an admission's answer then says), so that a
-- read (a refusal for an earlier reason) tells the reset every answer in b tells, not one that
-- moves with each read.
local function state(b)
  for k = b - ${SUB_BUCKETS}, b do
    local c = count[k]
    if c ~= nil and c > 0 then return limit - sums[b], math.ceil((k + ${SUB_BUCKETS + 1}) * width) end
  end
  return limit, math.ceil((b + ${SUB_BUCKETS + 1}) * width)
end
local granted = grant(current, wanted)
local left, reset = state(current)
if wanted > 0 and granted == 0 then left = 0 end
local out = {granted, left, reset, math.floor((current + 1) * width - now), current}
if granted > 0 then
  for b = current + 1, current + ahead do
    local g = grant(b, each)
    if g == 0 then break end
    local l, r = state(b)
    table.insert(out, g)
    table.insert(out, l)
    table.insert(out, r)
  end
  changed[#changed + 1] = ${RATE_FIELD}
  changed[#changed + 1] = rate
  redis.call('HSET', KEYS[1], unpack(changed))
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1.2 + width * ahead) + 1000)
end
return out
`;
