"""Run wrk against one URL and read its figures."""

import re
import subprocess

BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "Mobile/15E148 MicroMessenger/8.0.50"
)


def wrk(url, args, script=None) -> dict:
    """req/s, p50 and p99 in ms, errors (non-2xx/3xx and socket errors) and requests."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "5s"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": _errors(out),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _errors(out: str) -> int:
    total = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        total += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        total += sum(int(n) for n in match.groups())
    return total


def lua_readers(cookies, per_address: int) -> str:
    """wrk script: POST beacons round-robin over the readers, each from its address."""
    rows = ",\n".join(
        f'{{"kx_reader={c}", "10.{i // per_address // 250}.{i // per_address % 250}.7"}}'
        for i, c in enumerate(cookies)
    )
    return f"""
local readers = {{
{rows}
}}
local n = 0
function setup(thread) n = n + 1; thread:set("offset", n * 997) end
function init(args) i = offset end
function request()
  i = i + 1
  local r = readers[(i % #readers) + 1]
  return wrk.format("POST", nil, {{["User-Agent"] = "{BROWSER}", ["Cookie"] = r[1],
    ["X-Forwarded-For"] = r[2], ["Sec-Fetch-Site"] = "same-origin"}}, "")
end
"""


def lua_script_kiddie() -> str:
    """wrk script: cookie-less POSTs, all from one address."""
    return f"""
wrk.method = "POST"
wrk.headers["User-Agent"] = "{BROWSER}"
wrk.headers["X-Forwarded-For"] = "198.51.100.77"
"""


LUA_MANY_CLIENTS = """
function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
function request()
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. ".9"
  return wrk.format("GET", nil, {["X-Forwarded-For"] = ip})
end
"""


def print_table(rows) -> None:
    static_rps = rows[0][1]["rps"]
    print("| path | req/s | p50 ms | p99 ms | errors | vs static |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, r in rows:
        share = f"{r['rps'] / static_rps:.0%}"
        print(f"| {label} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
              f"{r['errors']} | {share} |")  # fmt: skip
