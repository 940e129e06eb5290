-- wrk script: POST valid webhook messages, each with its own client id.
-- Arguments (after `--`): the X-Api-Key, then a tag that makes client ids unique per run.
--
-- The mix: with the Gemini emulator every message costs two LLM calls (analysis, then a
-- reply, or a briefing for the ones whose timestamp breaks the SLA); with the local
-- provider the texts give standard replies, refunds and escalations.

local messages = {
  {text = "Hi, could you tell me your opening hours on Saturday?", old = false},
  {text = "I would like a refund for order 1234, it arrived broken.", old = false},
  {text = "My account login does not work since yesterday, can you help me?", old = false},
  {text = "This is unacceptable, I have waited for weeks and nobody answers!", old = true},
}

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

function init(args)
  api_key = args[1]
  run_tag = args[2] or "bench"
  sent = 0
  non200 = 0
  first_bad = ""
end

function request()
  sent = sent + 1
  local message = messages[(sent % #messages) + 1]
  local timestamp = "2020-01-01T08:00:00Z"
  if not message.old then
    timestamp = os.date("!%Y-%m-%dT%H:%M:%SZ")
  end
  local body = string.format(
    '{"client_id":"%s-%d-%d","message":"%s","timestamp":"%s"}',
    run_tag, thread_number, sent, message.text, timestamp
  )
  return wrk.format("POST", "/api/v1/webhook/messages", {
    ["Content-Type"] = "application/json",
    ["X-Api-Key"] = api_key,
  }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == "" then
      -- Kept JSON-safe: it is printed inside the result line.
      local text = string.gsub(string.sub(body or "", 1, 200), '[^%w ,.:;!?()/_-]', " ")
      first_bad = tostring(status) .. " " .. text
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  local sample = ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non200")
    if sample == "" then sample = thread:get("first_bad") end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"non200":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"first_bad":"%s"}\n',
    summary.requests, summary.duration, bad, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(99),
    latency.max, sample
  ))
end
