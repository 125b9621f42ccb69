"""Where a reminder goes besides the inbox: 企业微信 and 钉钉 (e-mail is in `services`).

Each channel is switched on by settings (docs/deploy.md) and speaks its published API:

- 企业微信, the application message API when WECOM_CORP_ID is set (`gettoken` for an
  access_token kept in the cache until it expires, then `message/send` to the member's
  userid: the reminder's subject and text), otherwise the group robot
  (`webhook/send?key=...`, the member @-mentioned).
- 钉钉, the custom group robot (`robot/send?access_token=...`, signed with the robot's
  secret: HMAC-SHA256 of "timestamp\\nsecret", base64), the member @-mentioned.

A group robot posts only the kind of reminder and its link (`_group_text`): a group reads it.

A member is addressed by their 工号, the userid companies give their people in both
(`Member.employee_no`); an account without a member gets e-mail and the inbox only.

A send either returns, or raises `Temporary` (a timeout, a rate limit, the server busy:
the outbox retries it with backoff) or `Permanent` (a wrong key or secret, an unknown
user: retrying cannot help, the row is marked failed for the administrator).
"""

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Temporary(Exception):
    """Try again later."""


class Permanent(Exception):
    """The same request will be refused again."""


# 企业微信 全局错误码 (developer.work.weixin.qq.com/document/path/90313): the access_token
# is invalid (40014) or expired (42001): fetch a new one and send again, once.
WECOM_TOKEN_REFUSED = {40014, 42001}
# Busy (-1) and 45009 "接口调用超过限制" (the robot: 20 messages a minute, 群机器人配置说明
# path/91770 "消息发送频率限制"): later. Every other errcode (40001 secret, 40013 corpid,
# 93000 robot key, 81013 unknown user...) is permanent.
WECOM_TEMPORARY = {-1, 45009}
# 钉钉 自定义机器人 (open.dingtalk.com, 自定义机器人接入 / 错误码): busy (-1) and 130101
# "send too fast, exceed 20 times per minute"; 310000 (sign, keyword or IP refused) and
# 300001 (no such robot) are permanent, as is any other errcode.
DINGTALK_TEMPORARY = {-1, 130101}
# The robots' text limit, in bytes (群机器人 text.content: 2048; 钉钉 is larger).
TEXT_BYTES = 2048
# 企业微信 textcard description: 512 bytes (发送应用消息 path/90236).
CARD_BYTES = 512


def _clip(text, limit):
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode(errors="ignore") + "…"


def _request(url, payload=None):
    """GET (no payload) or POST JSON; the JSON answer. Network trouble is Temporary."""
    data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 (https:// or the configured base URL)
        url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.CHAT_TIMEOUT) as response:  # noqa: S310
            body = response.read(1 << 16)
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise Temporary(f"HTTP {exc.code}") from exc
        raise Permanent(f"HTTP {exc.code}") from exc
    except (OSError, ValueError) as exc:  # refused, reset, timed out, bad URL
        raise Temporary(f"{type(exc).__name__}: {exc}") from exc
    try:
        return json.loads(body)
    except ValueError as exc:
        raise Temporary(f"not JSON: {body[:100]!r}") from exc


def _check(answer, temporary, where):
    code = answer.get("errcode", 0)
    if code == 0:
        return answer
    error = f"{where} errcode {code}: {answer.get('errmsg', '')}"
    raise (Temporary if code in temporary else Permanent)(error)


def _link(reminder):
    return settings.SITE_URL.rstrip("/") + (reminder.url or reverse("inbox:list"))


def _group_text(reminder):
    """What a group robot posts: the kind of reminder and the link, never its subject or
    text. The whole group reads it, and a reminder may be private (dues unpaid, an
    applicant's step); the member reads the rest in the portal."""
    from .services import kind_label

    with translation.override(settings.LANGUAGE_CODE):
        text = gettext("[红领·铝航] A new reminder for you: %(kind)s. Read it in the portal:") % {
            "kind": kind_label(reminder.kind)
        }
    return _clip(f"{text}\n{_link(reminder)}", TEXT_BYTES)


def userid(reminder):
    """The recipient's userid in 企业微信 and 钉钉 (their 工号), or "" without a member.
    Reads `recipient.member`: select it with the reminder."""
    member = getattr(reminder.recipient, "member", None)
    return member.employee_no if member is not None and member.is_active else ""


# 企业微信 ---------------------------------------------------------------------------


def _wecom_url(path, **query):
    return f"{settings.WECOM_BASE_URL.rstrip('/')}/cgi-bin/{path}?{urllib.parse.urlencode(query)}"


def wecom_token_key():
    return f"wecom-token:{settings.WECOM_CORP_ID}:{settings.WECOM_AGENT_ID}"


def _wecom_token(fresh=False):
    """The application's access_token, from the cache until shortly before it expires
    (shared by every worker, as 企业微信 asks: gettoken is itself rate-limited)."""
    key = wecom_token_key()
    token = None if fresh else cache.get(key)
    if token:
        return token
    answer = _check(
        _request(
            _wecom_url("gettoken", corpid=settings.WECOM_CORP_ID, corpsecret=settings.WECOM_SECRET)
        ),
        WECOM_TEMPORARY,
        "gettoken",
    )
    token = answer["access_token"]
    cache.set(key, token, max(int(answer.get("expires_in", 7200)) - 300, 60))
    return token


def _wecom_app(reminder, to):
    payload = {
        "touser": to,
        "msgtype": "textcard",
        "agentid": settings.WECOM_AGENT_ID,
        "textcard": {
            "title": _clip(reminder.subject, 128),
            "description": _clip(reminder.body or reminder.subject, CARD_BYTES),
            "url": _link(reminder),
            "btntxt": "查看",
        },
    }
    for fresh in (False, True):
        answer = _request(_wecom_url("message/send", access_token=_wecom_token(fresh)), payload)
        if answer.get("errcode") not in WECOM_TOKEN_REFUSED:
            break
    _check(answer, WECOM_TEMPORARY, "message/send")
    if to in (answer.get("invaliduser") or "").split("|"):
        raise Permanent(f"message/send: {to} is not a user of the application")


def _wecom_robot(reminder, to):
    text = {"content": _group_text(reminder), "mentioned_list": [to]}
    payload = {"msgtype": "text", "text": text}
    _check(
        _request(_wecom_url("webhook/send", key=settings.WECOM_ROBOT_KEY), payload),
        WECOM_TEMPORARY,
        "webhook/send",
    )


def send_wecom(reminder):
    to = userid(reminder)
    (_wecom_app if settings.WECOM_CORP_ID else _wecom_robot)(reminder, to)


# 钉钉 -------------------------------------------------------------------------------


def dingtalk_sign(timestamp, secret):
    """The robot's signature of `timestamp` (milliseconds) with `secret` (SEC...)."""
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def send_dingtalk(reminder):
    query = {"access_token": settings.DINGTALK_ROBOT_TOKEN}
    if settings.DINGTALK_ROBOT_SECRET:
        timestamp = str(round(time.time() * 1000))
        query |= {
            "timestamp": timestamp,
            "sign": dingtalk_sign(timestamp, settings.DINGTALK_ROBOT_SECRET),
        }
    to = userid(reminder)
    payload = {
        "msgtype": "text",
        # 钉钉 shows the mention only where the content names the person too.
        "text": {"content": f"@{to} {_group_text(reminder)}"},
        "at": {"atUserIds": [to], "isAtAll": False},
    }
    url = f"{settings.DINGTALK_BASE_URL.rstrip('/')}/robot/send?{urllib.parse.urlencode(query)}"
    _check(_request(url, payload), DINGTALK_TEMPORARY, "robot/send")


# The table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    code: str
    label: str
    send: object  # fn(reminder), raises Temporary or Permanent

    @property
    def field(self):
        """The `ReminderPreference` column of the member's choice."""
        return f"{self.code}_enabled"

    def enabled(self):
        return {
            "wecom": bool(settings.WECOM_CORP_ID or settings.WECOM_ROBOT_KEY),
            "dingtalk": bool(settings.DINGTALK_ROBOT_TOKEN),
        }[self.code]


EMAIL = "email"
EMAIL_LABEL = pgettext_lazy("reminder channel", "E-mail")
CHANNELS = {
    c.code: c
    for c in [
        Channel("wecom", _("WeCom"), send_wecom),
        Channel("dingtalk", _("DingTalk"), send_dingtalk),
    ]
}


def active():
    """The chat channels the settings switch on, in order."""
    return [c for c in CHANNELS.values() if c.enabled()]
