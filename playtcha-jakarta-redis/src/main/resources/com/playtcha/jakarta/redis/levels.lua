-- The login counts' levels (RedisLevels): one script for every call, atomic on the server, one round trip.
-- The rule is counts.Levels', as the database's SQL and the JCache entry processor write it; the constants
-- come in as arguments, never written here. Each key is a hash: the level (l), the epoch ms of its last
-- change (t), what drains a millisecond (r).
--
-- KEYS: the call's own keys (1..n), then the keys given back to with it (n+1..).
-- ARGV: 1 the call (admit, add, give-back, read); 2 now, the verifier's epoch ms; 3 over (Levels.OVER);
--       4 keep in ms (Levels.KEEP); 5 n; 6 the window in ms (admit; 0 otherwise); 6+i the rate of KEYS[i];
--       6+j, for j past n, how much is given back to KEYS[j].
-- Returns: admit 1 when every own key was raised, 0 when none was; add the new levels; read the levels;
--          give-back 1.

local call, now, over, keep, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])

-- A key's level drained to now at its own rate (never below zero, nothing drained when the clock went
-- back), the time of its change from now on, its rate; a key not there is at zero, with no rate.
local function level(k)
  local v = redis.call('HMGET', k, 'l', 't', 'r')
  if not v[1] then return 0, now, nil end
  local at, per = tonumber(v[2]), tonumber(v[3])
  return math.max(0, tonumber(v[1]) - math.max(now - at, 0) * per), math.max(at, now), per
end

-- Writes a level, kept until it drained and keep more.
local function write(k, l, at, per)
  l = math.max(0, l)
  redis.call('HSET', k, 'l', string.format('%.17g', l), 't', string.format('%d', at), 'r', string.format('%.17g', per))
  redis.call('PEXPIRE', k, math.ceil(l / per) + keep)
end

if call == 'read' then
  local levels = {}
  for i, k in ipairs(KEYS) do
    levels[i] = string.format('%.17g', (level(k)))
  end
  return levels
end

-- What goes with this call: that much less on each key given back to (a key not there has nothing to give back).
for j = n + 1, #KEYS do
  local l, at, per = level(KEYS[j])
  if per then write(KEYS[j], l - tonumber(ARGV[6 + j]), at, per) end
end

if call == 'admit' then
  local window, raised = tonumber(ARGV[6]), {}
  for i = 1, n do
    local per = tonumber(ARGV[6 + i])
    local l, at = level(KEYS[i])
    if l + 1 > per * window + over then return 0 end
    raised[i] = {l + 1, at, per}
  end
  for i = 1, n do write(KEYS[i], raised[i][1], raised[i][2], raised[i][3]) end
  return 1
end

if call == 'add' then
  local levels = {}
  for i = 1, n do
    local l, at = level(KEYS[i])
    write(KEYS[i], l + 1, at, tonumber(ARGV[6 + i]))
    levels[i] = string.format('%.17g', l + 1)
  end
  return levels
end

return 1
