#!/usr/bin/python3
"""fake_tencent.py: a loopback stand-in for the Tencent Cloud Billing API.

Python 3 standard library only. It binds 127.0.0.1 on a free port (or
--port), prints the port on stdout (one line, flushed) and serves until it
is killed or has been idle for --idle-timeout seconds.

Every request is checked the way the real API checks it, independently of
runway's C code: the TC3-HMAC-SHA256 Authorization header is recomputed
here with hashlib/hmac from the request as received (method, path, query,
the headers named in SignedHeaders, the raw body) and the known test
SecretKey; a mismatch answers AuthFailure.SignatureFailure. Also checked:
the SecretId (AuthFailure.SecretIdNotFound), the credential date against
X-TC-Timestamp's UTC date, the service "billing", the timestamp within
--max-skew seconds of now (AuthFailure.SignatureExpire), X-TC-Version,
and X-TC-Token when --token is given (AuthFailure.TokenFailure).

Actions:
  DescribeAccountBalance  Balance / RealBalance in cents (--balance).
  DescribeBillDetail      --items generated items for --month, paginated by
                          Offset / Limit (1..100) with Total when
                          NeedRecordNum is 1; Month or BeginTime/EndTime
                          (same month, "YYYY-MM-DD HH:MM:SS"). Item i costs
                          (i % 7 + 1) * 11 cents (RealCost in yuan), starts
                          on day i % days_in_month + 1 at hour i % 24, and
                          has ResourceId "ins-%05d" % i.
  DescribeBillDetailForOrganization
                          with --org-members N > 0, the admin's keys only (the
                          default test keys; a member's keys get
                          AuthFailure.UnauthorizedOperation): --items items in
                          --month, item i being bill_item i of member
                          i % N + 1 as OwnerUin and OperateUin, without
                          PayerUin (the SDK model DistributionBillDetail has
                          none); paged and bounded like DescribeBillDetail.
                          Without --org-members: FailedOperation.NotOrgAdmin.
                          Member k (1-based) is account member_uin(k) =
                          200000000000 + k, whose own keys (member_keys(k))
                          get DescribeAccountBalance with its Uin and
                          --balance + k * 100 cents; --member-error UIN makes
                          that member's calls answer InternalError and its
                          items' RealCost "bad" (its bills are refused).
  DescribeBillList        --ledger-items generated transactions in --month
                          (the ledger, 收支明细; SDK model BillTransactionInfo),
                          paginated by Offset / Limit (1..100), Total always;
                          StartTime/EndTime "YYYY-MM-DD HH:MM:SS", both
                          inclusive. Transaction 0 is a recharge of 10000.00
                          yuan; transaction j > 0 deducts (j % 7 + 1) * 11
                          fen, on day j % days_in_month + 1 at minute j % 60
                          of hour j % 24 ... in time order; Amount, Balance,
                          Cash, Incentive, Freezing in fen; BillId
                          "tx%08d" % j.

Faults, each once, on the --fault-at'th request that passed authentication
(1-based, default 1): --throttle-once (HTTP 200, Error.Code
RequestLimitExceeded), --http500-once, --http429-once (with Retry-After
--retry-after when > 0), --malformed-once (truncated JSON).
--reject-credentials answers AuthFailure.SecretIdNotFound to everything.

Hostile paging, for DescribeBillDetail and DescribeBillList: --total JSON
reports Total as that JSON text (e.g. -5, 1e12, '"abc"'; "none" leaves it
out); --endless serves a full page of new items at every offset, forever;
--repeat-page answers every offset with the first page; --empty-pages
answers empty pages while Total stays the real count.
--echo-secret id|token|utf8 answers every authenticated request with
Error.Message echoing the SecretId or the --token (or 200 three-byte
characters), after --echo-at bytes of padding ("账" and dots), so that
the echo straddles whatever cut the client makes.
--tls-cert/--tls-key serve https instead (a failed handshake is dropped).
--self-test checks the verifier against Tencent's documented worked example
(the one tests/unit/test_tc3.c checks the C signer against) and exits.

--log FILE appends one JSON object per request (compact separators):
  {"n":1,"action":"DescribeBillDetail","auth":"ok","result":"ok","http":200,
   "offset":0,"limit":100,"count":100,"token":false,"signed":"content-type;host;x-tc-action",
   "who":"admin"}
"who" is "admin" or the member's uin whose keys signed the request.
"auth" is "ok" or the AuthFailure code; "result" is "ok", an error code,
"http500", "http429" or "malformed". Secrets and headers are never logged.
"""
import argparse
import calendar
import datetime
import hashlib
import hmac
import json
import re
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TEST_SECRET_ID = "AKIDrunwayFAKE0000000000000000000000"
TEST_SECRET_KEY = "runwayFAKEsecretKEY0000000000000"
VERSION = "2018-07-09"
SERVICE = "billing"
MAX_BODY = 1 << 20

AUTH_RE = re.compile(
    r"^TC3-HMAC-SHA256 Credential=([^/,\s]+)/(\d{4}-\d{2}-\d{2})/([a-z0-9-]+)/tc3_request, "
    r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$")
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
SERVICES = [("云服务器CVM", "p_cvm", "云服务器CVM-标准型S5", "CPU", "核"),
            ("对象存储COS", "p_cos", "对象存储COS-标准存储", "存储空间", "GB"),
            ("云数据库MySQL", "p_cdb", "云数据库MySQL-高可用版", "内存", "GB")]


def parse_args(argv):
    p = argparse.ArgumentParser(description="loopback fake of the Tencent Cloud Billing API")
    p.add_argument("--port", type=int, default=0, help="port to bind (0: a free one)")
    p.add_argument("--secret-id", default=TEST_SECRET_ID)
    p.add_argument("--secret-key", default=TEST_SECRET_KEY)
    p.add_argument("--token", default="", help="require this X-TC-Token")
    p.add_argument("--items", type=int, default=250, help="DescribeBillDetail items in --month")
    p.add_argument("--month", default="2024-09", help="the month that has items (YYYY-MM)")
    p.add_argument("--balance", type=int, default=1234567, help="balance in cents")
    p.add_argument("--org-members", type=int, default=0,
                   help="members of the organisation the test keys administer")
    p.add_argument("--member-error", default="", help="this member's calls answer InternalError")
    p.add_argument("--ledger-items", type=int, default=0,
                   help="DescribeBillList transactions in --month")
    p.add_argument("--fault-at", type=int, default=1,
                   help="the authenticated request (1-based) that gets the one-time fault")
    p.add_argument("--throttle-once", action="store_true")
    p.add_argument("--http500-once", action="store_true")
    p.add_argument("--http429-once", action="store_true")
    p.add_argument("--retry-after", type=int, default=0, help="Retry-After seconds on 500/429")
    p.add_argument("--malformed-once", action="store_true")
    p.add_argument("--reject-credentials", action="store_true")
    p.add_argument("--total", default="", help="report this JSON as Total ('none': leave out)")
    p.add_argument("--endless", action="store_true", help="full pages of new items forever")
    p.add_argument("--repeat-page", action="store_true", help="every offset gets the first page")
    p.add_argument("--empty-pages", action="store_true", help="empty pages, Total unchanged")
    p.add_argument("--echo-secret", choices=["id", "token", "utf8"], default="")
    p.add_argument("--echo-at", type=int, default=240, help="padding bytes before the echo")
    p.add_argument("--max-skew", type=int, default=300, help="allowed clock skew, seconds")
    p.add_argument("--log", default="", help="append one JSON line per request here")
    p.add_argument("--idle-timeout", type=float, default=300.0,
                   help="exit after this many seconds without a request")
    p.add_argument("--tls-cert", default="", help="serve https with this PEM certificate")
    p.add_argument("--tls-key", default="", help="and this PEM key")
    p.add_argument("--self-test", action="store_true",
                   help="check the verifier against Tencent's worked example and exit")
    a = p.parse_args(argv)
    if not MONTH_RE.match(a.month):
        p.error("--month must be YYYY-MM")
    return a


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def tc3_signature(secret_key, date, service, string_to_sign):
    k = hmac.new(("TC3" + secret_key).encode(), date.encode(), hashlib.sha256).digest()
    k = hmac.new(k, service.encode(), hashlib.sha256).digest()
    k = hmac.new(k, b"tc3_request", hashlib.sha256).digest()
    return hmac.new(k, string_to_sign.encode(), hashlib.sha256).hexdigest()


def canonical_request(method, raw_path, headers, names, body):
    """Step 1 of TC3-HMAC-SHA256 over the request as received."""
    lines = "".join(name + ":" + headers.get(name).strip().lower() + "\n" for name in names)
    path, _, query = raw_path.partition("?")
    return "\n".join([method, path or "/", query, lines, ";".join(names), sha256_hex(body)])


def string_to_sign(ts, date, service, canonical):
    return "\n".join(["TC3-HMAC-SHA256", str(ts), date + "/" + service + "/tc3_request",
                      sha256_hex(canonical.encode())])


def self_test():
    """This verifier against Tencent's documented worked example ("Signature
    v3", English edition, e.g. https://www.tencentcloud.com/document/api/267/37447):
    returns 0 when it reproduces the documented hashes and signature."""
    body = ('{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], '
            '"Name": "instance-name"}]}').encode()
    headers = {"content-type": "application/json; charset=utf-8",
               "host": "cvm.tencentcloudapi.com"}
    canonical = canonical_request("POST", "/", headers, ["content-type", "host"], body)
    sts = string_to_sign(1551113065, "2019-02-25", "cvm", canonical)
    sig = tc3_signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "2019-02-25", "cvm", sts)
    ok = (sha256_hex(body) == "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
          and sha256_hex(canonical.encode())
          == "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
          and sig == "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")
    print("self-test " + ("ok" if ok else "FAILED"))
    return 0 if ok else 1


class AuthError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def member_uin(k):
    return str(200000000000 + k)


def member_keys(k):
    """The SecretId and SecretKey of member k (tests write them in profiles)."""
    return "AKIDrunwayMEMBER%s" % member_uin(k), "runwayMEMBERkey%s" % member_uin(k)


def key_of(args, secret_id):
    """(SecretKey, who): who is "admin" or the member's uin; None when unknown."""
    if hmac.compare_digest(secret_id, args.secret_id):
        return args.secret_key, "admin"
    for k in range(1, args.org_members + 1):
        mid, mkey = member_keys(k)
        if hmac.compare_digest(secret_id, mid):
            return mkey, member_uin(k)
    return None


def verify(args, method, raw_path, headers, body):
    """Raises AuthError unless the request is signed with the test key or a
    member's; returns "admin" or the member's uin."""
    if args.reject_credentials:
        raise AuthError("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
    auth = headers.get("Authorization", "")
    m = AUTH_RE.match(auth)
    if not m:
        raise AuthError("AuthFailure.InvalidAuthorization", "Authorization header is malformed.")
    secret_id, date, service, signed, signature = m.groups()
    known = key_of(args, secret_id)
    if known is None:
        raise AuthError("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
    secret_key, who = known
    try:
        ts = int(headers.get("X-TC-Timestamp", ""))
    except ValueError:
        raise AuthError("AuthFailure.InvalidAuthorization", "X-TC-Timestamp is not a number.")
    if abs(time.time() - ts) > args.max_skew:
        raise AuthError("AuthFailure.SignatureExpire", "The signature expired.")
    utc_date = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d")
    if date != utc_date or service != SERVICE:
        raise AuthError("AuthFailure.SignatureFailure",
                        "The credential scope does not match the timestamp or service.")
    names = signed.split(";")
    if "content-type" not in names or "host" not in names or names != sorted(names):
        raise AuthError("AuthFailure.SignatureFailure",
                        "SignedHeaders must list content-type and host, sorted.")
    for name in names:
        if headers.get(name) is None:
            raise AuthError("AuthFailure.SignatureFailure", "A signed header is missing.")
    canonical = canonical_request(method, raw_path, headers, names, body)
    expected = tc3_signature(secret_key, date, service,
                             string_to_sign(ts, date, service, canonical))
    if not hmac.compare_digest(expected, signature):
        raise AuthError("AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
    if args.token and not hmac.compare_digest(headers.get("X-TC-Token", ""), args.token):
        raise AuthError("AuthFailure.TokenFailure", "The token is invalid.")
    return who


def bill_item(month, i):
    year, mon = int(month[:4]), int(month[5:])
    days = calendar.monthrange(year, mon)[1]
    day, hour = i % days + 1, i % 24
    name, code, product, component, unit = SERVICES[i % len(SERVICES)]
    cost = "%d.%02d" % divmod((i % 7 + 1) * 11, 100)
    begin = "%s-%02d %02d:00:00" % (month, day, hour)
    return {
        "PayerUin": "100000000001", "OwnerUin": "100000000002", "OperateUin": "100000000002",
        "BusinessCodeName": name, "BusinessCode": code, "ProductCodeName": product,
        "ProductCode": "sp_" + code[2:], "PayModeName": "按量计费", "PayMode": "postPay",
        "ProjectName": "默认项目", "ProjectId": "0", "RegionName": "华南地区（广州）",
        "RegionId": "1", "ZoneName": "广州三区", "ResourceId": "ins-%05d" % i,
        "ResourceName": "fake-%d" % i, "ActionTypeName": "按量计费小时结",
        "ActionType": "postpay_deduct_h", "OrderId": "", "BillId": "fake%08d" % i,
        "PayTime": "%s-%02d %02d:05:00" % (month, day, hour), "FeeBeginTime": begin,
        "FeeEndTime": "%s-%02d %02d:59:59" % (month, day, hour),
        "ComponentSet": [{
            "ComponentCodeName": component, "ItemCodeName": component, "SinglePrice": cost,
            "PriceUnit": "元/小时", "UsedAmount": "1", "UsedAmountUnit": unit,
            "TimeSpan": "1", "TimeUnitName": "小时", "Cost": cost, "Discount": "1",
            "ReduceType": "折扣", "RealCost": cost, "VoucherPayAmount": "0",
            "CashPayAmount": cost, "IncentivePayAmount": "0"}],
        "Tags": [{"TagKey": "team", "TagValue": ["web", "data"][i % 2]}],
    }


class ApiError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def int_param(req, name, default=None):
    v = req.get(name, default)
    if isinstance(v, bool) or not isinstance(v, int):
        raise ApiError("InvalidParameterValue", "%s must be an integer." % name)
    return v


def org_item(args, month, i):
    """Item i of the organisation's bill: bill_item i of member i % N + 1,
    shaped as DistributionBillDetail (no PayerUin)."""
    item = bill_item(month, i)
    del item["PayerUin"]
    item["OwnerUin"] = item["OperateUin"] = member_uin(i % args.org_members + 1)
    if item["OwnerUin"] == args.member_error:
        item["ComponentSet"][0]["RealCost"] = "bad"
    return item


def describe_bill_detail_org(args, req, rec):
    if rec["who"] != "admin":
        raise ApiError("AuthFailure.UnauthorizedOperation",
                       "The account is not the organisation's admin.")
    if args.org_members <= 0:
        raise ApiError("FailedOperation.NotOrgAdmin", "The account administers no organisation.")
    return describe_bill_detail(args, req, rec, lambda month, i: org_item(args, month, i))


def describe_bill_detail(args, req, rec, make=bill_item):
    offset = int_param(req, "Offset")
    limit = int_param(req, "Limit")
    need = int_param(req, "NeedRecordNum", 0)
    rec.update(offset=offset, limit=limit)
    if offset < 0 or limit < 1 or limit > 100:
        raise ApiError("InvalidParameterValue", "Offset must be >= 0 and Limit 1..100.")
    month, begin, end = req.get("Month"), req.get("BeginTime"), req.get("EndTime")
    if begin is not None or end is not None:
        if not (isinstance(begin, str) and isinstance(end, str) and DATETIME_RE.match(begin)
                and DATETIME_RE.match(end) and begin[:7] == end[:7] and begin <= end):
            raise ApiError("InvalidParameterValue",
                           "BeginTime and EndTime must be Y-m-d H:i:s in the same month.")
        month = begin[:7]
    elif not (isinstance(month, str) and MONTH_RE.match(month)):
        raise ApiError("InvalidParameterValue", "Month or BeginTime/EndTime is required.")
    rec["month"] = month
    items = []
    if month == args.month:
        items = [make(month, i) for i in range(args.items)]
        if begin is not None:
            items = [it for it in items if begin <= it["FeeBeginTime"] <= end]
    page = hostile_page(args, items, offset, limit, lambda i: make(month, i))
    rec["count"] = len(page)
    out = {"DetailSet": page}
    if need == 1:
        out["Total"] = len(items)
    return hostile_total(args, out)


def hostile_page(args, items, offset, limit, make):
    """The page at offset as the hostile paging flags have it."""
    if args.empty_pages:
        return []
    if args.repeat_page:
        offset = 0
    if args.endless:
        return [make(i) for i in range(offset, offset + limit)]
    return items[offset:offset + limit]


def hostile_total(args, out):
    if args.total == "none":
        out.pop("Total", None)
    elif args.total:
        out["Total"] = json.loads(args.total)
    return out


def ledger_items(month, n):
    """n transactions of month in time order, the balance chained."""
    year, mon = int(month[:4]), int(month[5:])
    days = calendar.monthrange(year, mon)[1]
    times = sorted(("%s-%02d %02d:%02d:00" % (month, j % days + 1, j % 24, j % 60), j)
                   for j in range(1, n))
    out, balance = [], 0
    first = [("%s-01 00:00:00" % month, 0)] if n > 0 else []
    for when, j in first + times:
        if j == 0:
            kind, amount, info = "recharge", 1000000, "在线充值"
        else:
            kind, amount, info = "deduct", -(j % 7 + 1) * 11, "按量小时结"
        balance += amount
        out.append({"ActionType": kind, "Amount": amount, "Balance": balance,
                    "BillId": "tx%08d" % j, "OperationInfo": info,
                    "OperationTime": when + ".000", "Cash": balance, "Incentive": 0,
                    "Freezing": 0})
    return out


def describe_bill_list(args, req, rec):
    offset = int_param(req, "Offset")
    limit = int_param(req, "Limit")
    rec.update(offset=offset, limit=limit)
    if offset < 0 or limit < 1 or limit > 100:
        raise ApiError("InvalidParameterValue", "Offset must be >= 0 and Limit 1..100.")
    start, end = req.get("StartTime"), req.get("EndTime")
    if not (isinstance(start, str) and isinstance(end, str) and DATETIME_RE.match(start)
            and DATETIME_RE.match(end) and start <= end):
        raise ApiError("InvalidParameterValue", "StartTime and EndTime must be Y-m-d H:i:s.")
    rec["month"] = start[:7]
    items = [t for t in ledger_items(args.month, args.ledger_items)
             if start <= t["OperationTime"][:19] <= end]
    page = hostile_page(args, items, offset, limit, lambda j: ledger_item(args.month, j))
    rec["count"] = len(page)
    return hostile_total(args, {"TransactionList": page, "Total": len(items)})


def ledger_item(month, j):
    """Transaction j alone (the endless ledger: no chained balance)."""
    return {"ActionType": "deduct", "Amount": -11, "Balance": 1000000 - 11 * j,
            "BillId": "tx%08d" % j, "OperationInfo": "按量小时结",
            "OperationTime": "%s-01 00:00:00.000" % month, "Cash": 0, "Incentive": 0,
            "Freezing": 0}


def describe_account_balance(args, req, rec):
    who = rec["who"]
    b = args.balance + (0 if who == "admin" else (int(who) - 200000000000) * 100)
    uin = 100000000001 if who == "admin" else int(who)
    return {"Balance": b, "RealBalance": b, "CashAccountBalance": b, "IncomeIntoAccountBalance": 0,
            "PresentAccountBalance": 0, "FreezeAmount": 0, "OweAmount": 0, "Uin": uin,
            "IsAllowArrears": False, "IsCreditLimited": False, "CreditAmount": 0,
            "CreditBalance": 0, "RealCreditBalance": 0}


ACTIONS = {"DescribeBillDetail": describe_bill_detail, "DescribeBillList": describe_bill_list,
           "DescribeAccountBalance": describe_account_balance,
           "DescribeBillDetailForOrganization": describe_bill_detail_org}


class Handler(BaseHTTPRequestHandler):
    server_version = "fake-tencent/1"

    def log_message(self, fmt, *a):  # quiet: the --log file is the record
        pass

    def send(self, status, body, extra=None):
        # Logged before the answer goes out, so a client that has its answer
        # finds the request in the log.
        self.rec["http"] = status
        self.server.log(self.rec)
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def answer(self, rid, payload, status=200):
        payload = dict(payload)
        payload["RequestId"] = rid
        self.send(status, json.dumps({"Response": payload}, ensure_ascii=False))

    def do_GET(self):
        self.rec = {"n": 0, "action": "", "auth": "-", "result": "GET"}
        self.send(405, "POST only\n")

    def do_POST(self):
        srv = self.server
        args = srv.args
        srv.last_activity = time.monotonic()
        srv.count += 1
        n = srv.count
        rid = "fake-%06d" % n
        action = self.headers.get("X-TC-Action", "")
        rec = self.rec = {"n": n, "action": action, "auth": "", "result": "", "http": 0,
                          "token": "X-TC-Token" in self.headers}
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            rec.update(auth="-", result="BadRequest")
            self.send(400, "bad Content-Length\n")
            return
        body = self.rfile.read(length)
        m = AUTH_RE.match(self.headers.get("Authorization", ""))
        rec["signed"] = m.group(4) if m else ""
        try:
            rec["who"] = verify(args, "POST", self.path, self.headers, body)
        except AuthError as e:
            rec.update(auth=e.code, result=e.code)
            self.answer(rid, {"Error": {"Code": e.code, "Message": e.message}})
            return
        rec["auth"] = "ok"
        srv.authed += 1
        fault = srv.authed == args.fault_at
        try:
            if fault and args.throttle_once:
                raise ApiError("RequestLimitExceeded", "Your requests are too frequent.")
            if fault and (args.http500_once or args.http429_once):
                status = 500 if args.http500_once else 429
                rec["result"] = "http%d" % status
                extra = {"Retry-After": str(args.retry_after)} if args.retry_after > 0 else None
                self.send(status, "fake failure\n", extra)
                return
            if fault and args.malformed_once:
                rec["result"] = "malformed"
                self.send(200, '{"Response": {"DetailSet": [{"PayerUin": "1000')
                return
            if args.echo_secret:
                pad = "." * (args.echo_at % 3) + "账" * (args.echo_at // 3)
                echo = {"id": args.secret_id, "token": args.token,
                        "utf8": "账" * 200}[args.echo_secret]
                raise ApiError("InvalidParameter", pad + echo + " is not valid.")
            if args.member_error and rec["who"] == args.member_error:
                raise ApiError("InternalError", "An internal error occurred.")
            if self.headers.get("X-TC-Version") != VERSION:
                raise ApiError("InvalidParameter", "X-TC-Version must be %s." % VERSION)
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                raise ApiError("InvalidParameter", "Content-Type must be application/json.")
            fn = ACTIONS.get(action)
            if fn is None:
                raise ApiError("InvalidAction", "The action is not found.")
            try:
                req = json.loads(body.decode("utf-8") or "{}")
            except (UnicodeDecodeError, ValueError):
                raise ApiError("InvalidParameter", "The body is not JSON.")
            if not isinstance(req, dict):
                raise ApiError("InvalidParameter", "The body is not a JSON object.")
            out = fn(args, req, rec)
            rec["result"] = "ok"
            self.answer(rid, out)
        except ApiError as e:
            rec["result"] = e.code
            self.answer(rid, {"Error": {"Code": e.code, "Message": e.message}})


class FakeServer(HTTPServer):
    def __init__(self, args):
        super().__init__(("127.0.0.1", args.port), Handler)
        if args.tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(args.tls_cert, args.tls_key or None)
            self.socket = ctx.wrap_socket(self.socket, server_side=True)
        self.args = args
        self.count = 0
        self.authed = 0
        self.last_activity = time.monotonic()
        self.log_file = open(args.log, "a", encoding="utf-8") if args.log else None

    def log(self, rec):
        if self.log_file:
            self.log_file.write(json.dumps(rec, separators=(",", ":"), ensure_ascii=True) + "\n")
            self.log_file.flush()


def main(argv):
    args = parse_args(argv)
    if args.self_test:
        return self_test()
    srv = FakeServer(args)
    print(srv.server_address[1], flush=True)
    srv.timeout = 0.5
    try:
        while time.monotonic() - srv.last_activity < args.idle_timeout:
            srv.handle_request()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
