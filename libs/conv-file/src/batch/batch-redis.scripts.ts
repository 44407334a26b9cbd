/**
 * The batch store's Lua scripts. Each item is in exactly one state, kept in three places changed
 * together by one script (so atomically): the `state` hash, one sorted set per state (`in:<state>`,
 * scored by index, for counts and pages) and, for the worker's call, the `attempt` hash. The
 * counts are the sets' sizes, so they always add up to the total.
 *
 * Keys, under `KEYS[1]` = `<prefix>batch:{<batchId>}`: `:meta` (api, app, corpId, owner, total,
 * status, createdAt, finishedAt, expiresAt, fingerprint, and enqueued once its jobs are added), `:input`, `:state`, `:out`
 * (the answer or the error, as JSON), `:attempt`, `:in:<state>`. Every key shares the batch's
 * hash tag.
 */

/** Functions every script starts with. */
const COMMON = `
local base = KEYS[1]
local meta = base .. ':meta'
local suffixes = {':meta', ':input', ':state', ':out', ':attempt', ':in:queued', ':in:running',
  ':in:sent', ':in:failed', ':in:unknown', ':in:cancelled'}
local function move(index, from, to)
  redis.call('ZREM', base .. ':in:' .. from, index)
  redis.call('ZADD', base .. ':in:' .. to, tonumber(index), index)
  redis.call('HSET', base .. ':state', index, to)
end
local function settle(now)
  local open = redis.call('ZCARD', base .. ':in:queued') + redis.call('ZCARD', base .. ':in:running')
  if open == 0 and not redis.call('HGET', meta, 'finishedAt') then
    redis.call('HSET', meta, 'finishedAt', now)
    if redis.call('HGET', meta, 'status') ~= 'cancelled' then redis.call('HSET', meta, 'status', 'done') end
  end
  local expiresAt = redis.call('HGET', meta, 'expiresAt')
  for _, suffix in ipairs(suffixes) do redis.call('PEXPIREAT', base .. suffix, expiresAt) end
end
`;

/**
 * Takes item `ARGV[1]` at `ARGV[2]` (ms) for a worker. Answers `go` with the input and the
 * batch's api, app and corpId when it is queued (it stays queued until {@link MARK_RUNNING});
 * `lost` when it was running (a worker stopped while its call may have been in flight: now
 * `unknown` with the error `ARGV[3]`); `done` otherwise (final, or cancelled now).
 */
export const CLAIM_ITEM = `${COMMON}
if redis.call('EXISTS', meta) == 0 then return {'done'} end
local index = ARGV[1]
local state = redis.call('HGET', base .. ':state', index)
if state == 'queued' then
  if redis.call('HGET', meta, 'status') == 'cancelled' then
    move(index, 'queued', 'cancelled')
    settle(ARGV[2])
    return {'done'}
  end
  local batch = redis.call('HMGET', meta, 'api', 'app', 'corpId')
  return {'go', redis.call('HGET', base .. ':input', index), batch[1], batch[2] or '', batch[3] or ''}
end
if state == 'running' then
  move(index, 'running', 'unknown')
  redis.call('HDEL', base .. ':attempt', index)
  redis.call('HSET', base .. ':out', index, ARGV[3])
  settle(ARGV[2])
  return {'lost'}
end
return {'done'}
`;

/**
 * Marks item `ARGV[1]` running for attempt `ARGV[2]` at `ARGV[3]`: its request is about to
 * leave. Answers 1 when it was queued (or is running this very attempt already), 0 when it may
 * not be sent: cancelled meanwhile (now `cancelled`), taken by another attempt, or final.
 */
export const MARK_RUNNING = `${COMMON}
local index = ARGV[1]
local state = redis.call('HGET', base .. ':state', index)
if state == 'running' then
  return redis.call('HGET', base .. ':attempt', index) == ARGV[2] and 1 or 0
end
if state ~= 'queued' then return 0 end
local status = redis.call('HGET', meta, 'status')
if status == 'cancelled' then
  move(index, 'queued', 'cancelled')
  settle(ARGV[3])
  return 0
end
move(index, 'queued', 'running')
redis.call('HSET', base .. ':attempt', index, ARGV[2])
if status == 'queued' then redis.call('HSET', meta, 'status', 'running') end
settle(ARGV[3])
return 1
`;

/**
 * Ends attempt `ARGV[2]` of item `ARGV[1]` at `ARGV[3]` in state `ARGV[4]` (`queued` to be tried
 * again: `cancelled` instead when the batch was cancelled), keeping `ARGV[5]` (JSON) as its
 * outcome. `ARGV[6]` is `running` when the attempt marked the item running, `queued` when its
 * request never left. Does nothing, answering 0, unless the item is still where the attempt
 * left it.
 */
export const FINISH_ITEM = `${COMMON}
local index = ARGV[1]
local from = ARGV[6]
if redis.call('HGET', base .. ':state', index) ~= from then return 0 end
if from == 'running' and redis.call('HGET', base .. ':attempt', index) ~= ARGV[2] then return 0 end
local to = ARGV[4]
if to == 'queued' and redis.call('HGET', meta, 'status') == 'cancelled' then to = 'cancelled' end
if to ~= from then move(index, from, to) end
redis.call('HDEL', base .. ':attempt', index)
redis.call('HSET', base .. ':out', index, ARGV[5])
settle(ARGV[3])
return to
`;

/**
 * Cancels the batch at `ARGV[1]`: every queued item is `cancelled` at once; running items end as
 * their calls do. Answers -1 when there is no such batch, else how many items it cancelled.
 */
export const CANCEL_BATCH = `${COMMON}
if redis.call('EXISTS', meta) == 0 then return -1 end
local status = redis.call('HGET', meta, 'status')
if status == 'done' or status == 'cancelled' then return 0 end
redis.call('HSET', meta, 'status', 'cancelled')
local cancelled = 0
for _, index in ipairs(redis.call('ZRANGE', base .. ':in:queued', 0, -1)) do
  move(index, 'queued', 'cancelled')
  cancelled = cancelled + 1
end
settle(ARGV[1])
return cancelled
`;

/**
 * A page of items from index `ARGV[2]` on, at most `ARGV[3]`, in state `ARGV[1]` (empty: any).
 * Answers the next cursor ('' on the last page), then index, state, input and outcome ('' for
 * none) of each item.
 */
export const PAGE_ITEMS = `${COMMON}
local from = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local indices = {}
if ARGV[1] == '' then
  local total = tonumber(redis.call('HGET', meta, 'total') or '0')
  for index = from, math.min(from + limit, total) - 1 do indices[#indices + 1] = tostring(index) end
  if from + limit < total then indices[#indices + 1] = tostring(from + limit) end
else
  indices = redis.call('ZRANGEBYSCORE', base .. ':in:' .. ARGV[1], from, '+inf', 'LIMIT', 0, limit + 1)
end
local page = {''}
if #indices > limit then page[1] = indices[limit + 1] end
for position = 1, math.min(#indices, limit) do
  local index = indices[position]
  page[#page + 1] = index
  page[#page + 1] = redis.call('HGET', base .. ':state', index)
  page[#page + 1] = redis.call('HGET', base .. ':input', index)
  page[#page + 1] = redis.call('HGET', base .. ':out', index) or ''
end
return page
`;

/** The batch's meta and its count per state, read at one instant. */
export const READ_BATCH = `${COMMON}
if redis.call('EXISTS', meta) == 0 then return {} end
local answer = {}
for _, state in ipairs({'queued', 'running', 'sent', 'failed', 'unknown', 'cancelled'}) do
  answer[#answer + 1] = redis.call('ZCARD', base .. ':in:' .. state)
end
for _, value in ipairs(redis.call('HGETALL', meta)) do answer[#answer + 1] = value end
return answer
`;
