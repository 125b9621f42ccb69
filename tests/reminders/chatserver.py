"""A local stand-in for the 企业微信 and 钉钉 APIs, in a thread: it checks each request as the
published documents describe it and answers as they do, errors included.

企业微信: GET /cgi-bin/gettoken?corpid=&corpsecret= → access_token, expires_in;
POST /cgi-bin/message/send?access_token= (touser, agentid, msgtype textcard) → errcode 0,
42001 once the token is expired, 40014 for a token it never gave, 81013 for an unknown user;
POST /cgi-bin/webhook/send?key= (msgtype text, mentioned_list) → 0, or 93000 for a wrong key.
钉钉: POST /robot/send?access_token=&timestamp=&sign= (sign = base64 HMAC-SHA256 of
"timestamp\\nsecret") → 0, 310000 for a wrong signature or a timestamp over an hour off,
300001 for a wrong token. Both: past `limit` messages they answer the rate limit (45009,
130101) until `reset_limit()`; with `delay` set they answer that many seconds late.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CORP_ID = "ww-hongjun-test"
SECRET = "app-secret-for-tests"  # a local stand-in
AGENT_ID = 1000002
ROBOT_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DING_TOKEN = "ding-robot-token"
DING_SECRET = "SECtestsecret0123456789"


class ChatServer:
    def __init__(self, users=()):
        self.users = set(users)  # userids 企业微信 knows
        self.messages = []  # (api, query, payload) accepted
        self.calls = []  # (api) every request, accepted or not
        self.tokens = set()
        self.expired = set()
        self.limit = None  # messages accepted before the rate limit answers
        self.delay = 0.0
        self.lock = threading.Lock()
        self._sent_since_reset = 0

    # What the tests change ---------------------------------------------------------

    def expire_tokens(self):
        with self.lock:
            self.expired |= self.tokens
            self.tokens.clear()

    def reset_limit(self, limit=None):
        with self.lock:
            self.limit = limit
            self._sent_since_reset = 0

    def count(self, api):
        with self.lock:
            return sum(1 for call in self.calls if call == api)

    def accepted(self, api):
        with self.lock:
            return [(query, payload) for name, query, payload in self.messages if name == api]

    # Answers ------------------------------------------------------------------------

    def _limited(self):
        if self.limit is not None and self._sent_since_reset >= self.limit:
            return True
        self._sent_since_reset += 1
        return False

    def gettoken(self, query, payload):
        if query.get("corpid") != CORP_ID or query.get("corpsecret") != SECRET:
            return {"errcode": 40001, "errmsg": "invalid credential"}
        token = f"token-{len(self.tokens) + len(self.expired) + 1}"
        self.tokens.add(token)
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}

    def message_send(self, query, payload):
        token = query.get("access_token")
        if token in self.expired:
            return {"errcode": 42001, "errmsg": "access_token expired"}
        if token not in self.tokens:
            return {"errcode": 40014, "errmsg": "invalid access_token"}
        card = payload.get("textcard") or {}
        if (
            payload.get("agentid") != AGENT_ID
            or payload.get("msgtype") != "textcard"
            or not (card.get("title") and card.get("description") and card.get("url"))
        ):
            return {"errcode": 40008, "errmsg": "invalid message type"}
        if self._limited():
            return {"errcode": 45009, "errmsg": "api freq out of limit"}
        touser = payload.get("touser", "").split("|")
        if not any(user in self.users for user in touser):
            return {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
        invalid = "|".join(user for user in touser if user not in self.users)
        return {"errcode": 0, "errmsg": "ok", "invaliduser": invalid}

    def webhook_send(self, query, payload):
        if query.get("key") != ROBOT_KEY:
            return {"errcode": 93000, "errmsg": "invalid webhook url"}
        text = payload.get("text") or {}
        if payload.get("msgtype") != "text" or not text.get("content"):
            return {"errcode": 40008, "errmsg": "invalid message type"}
        if len(text["content"].encode()) > 2048:
            return {"errcode": 40058, "errmsg": "content exceed max length"}
        if self._limited():
            return {"errcode": 45009, "errmsg": "api freq out of limit"}
        return {"errcode": 0, "errmsg": "ok"}

    def robot_send(self, query, payload):
        if query.get("access_token") != DING_TOKEN:
            return {"errcode": 300001, "errmsg": "token is not exist"}
        timestamp = query.get("timestamp", "")
        expected = base64.b64encode(
            hmac.new(
                DING_SECRET.encode(), f"{timestamp}\n{DING_SECRET}".encode(), hashlib.sha256
            ).digest()
        ).decode()
        fresh = timestamp.isdigit() and abs(time.time() * 1000 - int(timestamp)) < 3600_000
        if not fresh or query.get("sign") != expected:
            return {"errcode": 310000, "errmsg": "sign not match"}
        if payload.get("msgtype") != "text" or not (payload.get("text") or {}).get("content"):
            return {"errcode": 40035, "errmsg": "缺少参数 json"}
        if self._limited():
            return {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
        return {"errcode": 0, "errmsg": "ok"}

    ROUTES = {
        ("GET", "/cgi-bin/gettoken"): "gettoken",
        ("POST", "/cgi-bin/message/send"): "message_send",
        ("POST", "/cgi-bin/webhook/send"): "webhook_send",
        ("POST", "/robot/send"): "robot_send",
    }

    def answer(self, method, path, query, payload):
        name = self.ROUTES.get((method, path))
        if name is None:
            return 404, {"errcode": 404, "errmsg": "not found"}
        with self.lock:
            self.calls.append(name)
            answer = getattr(self, name)(query, payload)
            if answer["errcode"] == 0 and name != "gettoken":
                self.messages.append((name, query, payload))
        return 200, answer


def _handler(server):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            length = int(self.headers.get("Content-Length") or 0)
            try:
                payload = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                payload = {}
            if server.delay:
                time.sleep(server.delay)
            status, answer = server.answer(method, url.path, query, payload)
            body = json.dumps(answer, ensure_ascii=False).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up waiting (the timeout test)
                pass

        def do_GET(self):
            self._serve("GET")

        def do_POST(self):
            self._serve("POST")

        def log_message(self, *args):
            pass

    return Handler


def start(users=()):
    """(ChatServer, its base URL, stop())."""
    chat = ChatServer(users)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(chat))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def stop():
        httpd.shutdown()
        httpd.server_close()

    return chat, f"http://127.0.0.1:{httpd.server_address[1]}", stop
