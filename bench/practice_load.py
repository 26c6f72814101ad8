"""K线训练营 under load: 1,000 rounds in progress at once, turns taken across all of them.

The rounds are started over HTTP (ten from each address, under the new-round limit),
half with MACD under the chart; then wrk takes turns round-robin over all of them, each
round's turns in order (turn 1 buys, the rest hold), so every request is a real turn.
"""

import json
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

ROUNDS = 1000
PER_ADDRESS = 10


def _start(base: str, i: int) -> tuple[int, str]:
    body = {"length": 120, "indicator": "macd" if i % 2 else ""}
    request = urllib.request.Request(
        f"{base}/practice/api/rounds/",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Sec-Fetch-Site": "same-origin",
            "X-Forwarded-For": f"172.31.{i // PER_ADDRESS // 250}.{i // PER_ADDRESS % 250 + 1}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())["id"]
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def start_rounds(base: str, count: int = ROUNDS, parallel: int = 16) -> tuple[list, Counter]:
    """Round ids, and how many starts answered each status."""
    with ThreadPoolExecutor(parallel) as pool:
        answers = list(pool.map(lambda i: _start(base, i), range(count)))
    return [rid for status, rid in answers if status == 201], Counter(s for s, _ in answers)


def lua_turns(ids: list[str], threads: int) -> str:
    """wrk script: each of the `threads` wrk threads owns every n-th round and takes its
    turns in order. The next turn of a round is read from its last answer (`next_turn`),
    so a request wrk builds and never sends (it builds one up front) costs nothing."""
    rows = ",\n".join(f'"{rid}"' for rid in ids)
    return f"""
local ids = {{
{rows}
}}
local threads = 0
function setup(thread) thread:set("index", threads); threads = threads + 1 end
function init(args)
  mine, nextturn, k = {{}}, {{}}, 0
  for i = 1, #ids do
    if (i - 1) % {threads} == index % {threads} then mine[#mine + 1] = ids[i] end
  end
end
function request()
  k = k % #mine + 1
  local id = mine[k]
  local n = nextturn[id] or 1
  if n == 0 then return wrk.format("GET", "/practice/api/rounds/" .. id .. "/") end
  local action = "hold"
  if n == 1 then action = "buy" end
  return wrk.format("POST", "/practice/api/rounds/" .. id .. "/turn/",
    {{["Content-Type"] = "application/json", ["Sec-Fetch-Site"] = "same-origin"}},
    '{{"turn": ' .. n .. ', "action": "' .. action .. '"}}')
end
function response(status, headers, body)
  local id = string.match(body, '"id":"([^"]+)"')
  if id then nextturn[id] = tonumber(string.match(body, '"next_turn":(%d+)') or "0") end
end
"""
