"""gunicorn settings for bin/run (`gunicorn -c python:config.gunicorn`), and Chinese answers
for the requests gunicorn refuses before Django sees them.

gunicorn answers a request it cannot parse (a request line over limit_request_line: 414;
too many or too large headers: 431; a bad method, version or header: 400) with its own
English page, echoing part of the request. In production nginx sits in front and refuses
such requests first with its own pages (deploy/nginx/); without nginx (bin/run, or a
container exposing gunicorn directly), this module makes gunicorn answer in Chinese, with
a fixed text that echoes nothing.
"""

from gunicorn import util

# gunicorn's defaults, stated here so that they are visible next to the pages below.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

MESSAGES = {
    400: "请求格式不正确，服务器无法理解。",
    403: "请求被拒绝。",
    414: "网址太长，服务器无法处理。请检查链接是否完整、正确。",
    417: "服务器无法满足请求中的 Expect 要求。",
    431: "请求头太多或太大，服务器无法处理。请清除本站 Cookie 后重试。",
    500: "服务器内部出错，请稍后再试。",
    501: "服务器不支持这种请求方式。",
}
PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{status} · 请求无法处理 · K线学堂</title></head>
<body>
<h1>请求无法处理（{status}）</h1>
<p>{message}</p>
<p><a href="/">返回 K线学堂首页</a></p>
</body>
</html>
"""


def chinese_error(sock, status_int, reason, mesg):
    """Replaces gunicorn.util.write_error: the same status line, a Chinese page."""
    message = MESSAGES.get(status_int, MESSAGES[400 if status_int < 500 else 500])
    body = PAGE.format(status=status_int, message=message).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "Cache-Control: no-store\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn's workers call util.write_error for these answers; this file is read by the
# master before it forks them, so every worker uses the Chinese page.
util.write_error = chinese_error
