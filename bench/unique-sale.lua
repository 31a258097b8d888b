-- POSTs the systeme.io sale sample with a unique coupon per request (no two bodies alike,
-- so every request is a new, durable acceptance rather than a duplicate).
local template
local thread_id = 0
local counter = 0
local nonce

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  template = file:read("*a")
  nonce = args[2]
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = template:gsub('"coupon": null', '"coupon": "bench-' .. nonce .. '-' .. id .. '-' .. counter .. '"', 1)
  return wrk.format(nil, nil, nil, body)
end
