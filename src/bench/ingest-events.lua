-- wrk script of the ingest benchmark: POST /events (EVENTS_PER_REQUEST=1) or POST /operations
-- with EVENTS_PER_REQUEST add operations; every event differs (prospect, account, payload).
local auth = "Bearer " .. (os.getenv("TOKEN") or "")
local per_request = tonumber(os.getenv("EVENTS_PER_REQUEST") or "1")
-- KEYED=1: every single post carries an Idempotency-Key of its own, as email servers send them
local keyed = os.getenv("KEYED") == "1"
-- PEER=1: the same event posted to the Elide peer of peer-benchmark.sh (POST /api/event): relationships
-- as id attributes, the payload as a string, the id and the times given by the client, as it needs
local peer = os.getenv("PEER") == "1"
local counter = 0
local run = os.time()

-- each wrk thread has a Lua state of its own: a number per thread (a global that setup sets in
-- that state) keeps the keys apart
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local function event()
  counter = counter + 1
  local n = math.random(0, 99999)
  return string.format(
    '{"type":"event","attributes":{"name":"email_opened","externalUrl":"https://mail.example.com/m/%d",' ..
    '"payload":{"messageId":"<%x%x@mail.example.com>","smtpStatus":250,"mailbox":"sales-%d",' ..
    '"headers":{"x-campaign":"spring-launch","x-sequence-step":%d},"tracking":{"opens":%d,"clicks":%d,' ..
    '"userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)"}},' ..
    '"requestCity":"Lyon","requestDevice":"desktop","requestHost":"mail.example.com","requestProxied":false,' ..
    '"requestRegion":"ARA"},"relationships":{"account":{"data":{"type":"account","id":"acc-%d"}},' ..
    '"prospect":{"data":{"type":"prospect","id":"p-%d"}},"mailing":{"data":{"type":"mailing","id":"m-%d"}}}}',
    n, math.random(0, 2147483647), counter, n % 50, n % 7, n % 5, n % 3, n % 3000, n, counter % 16)
end

local function peer_event()
  counter = counter + 1
  local n = math.random(0, 99999)
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local payload = string.format('{"messageId":"<%x%x@mail.example.com>","smtpStatus":250,"mailbox":"sales-%d",' ..
    '"headers":{"x-campaign":"spring-launch","x-sequence-step":%d},"tracking":{"opens":%d,"clicks":%d,' ..
    '"userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)"}}',
    n, math.random(0, 2147483647), counter, n % 50, n % 7, n % 5)
  return string.format(
    '{"type":"event","id":"8%%02d%%08d%%06d","attributes":{"orgId":1,"name":"email_opened","eventAt":"%s","createdAt":"%s",' ..
    '"updatedAt":"%s","externalUrl":"https://mail.example.com/m/%d","payload":"%s","requestCity":"Lyon",' ..
    '"requestDevice":"desktop","requestHost":"mail.example.com","requestProxied":false,"requestRegion":"ARA",' ..
    '"accountId":"acc-%d","prospectId":"p-%d","mailingId":"m-%d"}}',
    now, now, now, n, payload:gsub('"', '\\"'), n % 3000, n, counter % 16)
    :format(thread_number, run % 100000000, counter)
end

request = function()
  if peer then
    return wrk.format("POST", "/api/event", { ["Content-Type"] = "application/vnd.api+json", ["Accept"] = "application/vnd.api+json" },
      '{"data":' .. peer_event() .. '}')
  end
  if per_request == 1 then
    local headers = { ["Content-Type"] = "application/vnd.api+json", ["Authorization"] = auth }
    local document = '{"data":' .. event() .. '}'
    if keyed then
      headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", run, thread_number, counter)
    end
    return wrk.format("POST", "/events", headers, document)
  end
  local operations = {}
  for i = 1, per_request do
    operations[i] = '{"op":"add","data":' .. event() .. '}'
  end
  return wrk.format("POST", "/operations",
    { ["Content-Type"] = 'application/vnd.api+json; ext="https://jsonapi.org/ext/atomic"', ["Authorization"] = auth },
    '{"atomic:operations":[' .. table.concat(operations, ",") .. ']}')
end

dofile("src/bench/report.lua") -- the RESULT line (the scripts run from the repository root)
