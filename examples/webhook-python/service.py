"""An internal service that erases a data subject's rows in its own SQLite database when the DSR connector asks.

It implements the webhook wire format of docs/connectors/webhook.md with Python's standard library only:

  python3 service.py seed  --db shop.db
  python3 service.py serve --db shop.db --keys-dir keys --connector-key ../connector-keys/shop.pub [--port 8099]
                           [--async] [--callback-delay 1.0]

On first start it makes its own Ed25519 key pair in --keys-dir (service-signing.key, owner-only, and service.pub,
which the connectors file pins as public-key). It checks every request's signature against the connector's key
for this processor (the connector's keys directory has it as <processor>.pub) and refuses a timestamp more than five
minutes from its clock. It answers a repeated commandId with what it did the first time. With --async it answers 202
and posts each category's outcome to the callbackUrl the request gave, after --callback-delay seconds.

It prints no identifier and logs nothing about the subject; it prints 'listening on HOST:PORT' when ready.
"""

import argparse
import base64
import http.server
import json
import os
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.request

import ed25519

TOLERANCE_SECONDS = 300
X509_PREFIX = bytes.fromhex("302a300506032b6570032100")  # an Ed25519 public key in X.509 is this + its 32 bytes

SCHEMA = """
create table if not exists users (id integer primary key, email text unique, name text, phone text);
create table if not exists orders (id integer primary key, user_id integer, email text, shipping_name text,
                                   shipping_address text, total_cents integer not null);
create table if not exists newsletter (id integer primary key, email text not null, subscribed_at text);
create table if not exists dsr_log (command_id text not null, category text not null, outcome text not null,
                                    primary key (command_id, category));
"""

SEED = [
    ("insert into users (id, email, name, phone) values (?, ?, ?, ?)",
     [(1, "alice@example.com", "Alice Example", "+46701234567"), (2, "bob@example.com", "Bob Example", None)]),
    ("insert into orders (user_id, email, shipping_name, shipping_address, total_cents) values (?, ?, ?, ?, ?)",
     [(1, "alice@example.com", "Alice Example", "Storgatan 1", 1999), (1, "alice@example.com", "Alice Example",
                                                                         "Storgatan 1", 4500),
      (2, "bob@example.com", "Bob Example", "Lilla vägen 2", 1200)]),
    ("insert into newsletter (email, subscribed_at) values (?, ?)",
     [("alice@example.com", "2025-01-01"), ("bob@example.com", "2025-02-01")]),
]


# --- keys and signatures ----------------------------------------------------------------------------------------

def load_or_create_key(keys_dir):
    """The service's own seed, made on first start; service.pub beside it is what the connector pins."""
    os.makedirs(keys_dir, exist_ok=True)
    private_path = os.path.join(keys_dir, "service-signing.key")
    public_path = os.path.join(keys_dir, "service.pub")
    if not os.path.exists(private_path):
        seed = os.urandom(32)
        with open(public_path, "w") as f:
            f.write(base64.b64encode(X509_PREFIX + ed25519.public_key(seed)).decode() + "\n")
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(base64.b64encode(seed).decode() + "\n")
    with open(private_path) as f:
        return base64.b64decode(f.read().strip())


def read_public_key(path):
    """A public key file as the connector writes it (base64 X.509) or base64 of the raw 32 bytes."""
    with open(path) as f:
        raw = base64.b64decode(f.read().strip())
    if len(raw) == 44 and raw.startswith(X509_PREFIX):
        raw = raw[len(X509_PREFIX):]
    if len(raw) != 32:
        raise ValueError(path + " is not an Ed25519 public key")
    return raw


def signed_bytes(timestamp, body):
    return timestamp.encode("ascii") + b"." + body


def signature_problem(public, timestamp, signature, body):
    """Why a message is refused, or None when it is the connector's and fresh."""
    if not signature:
        return "no X-DSR-Signature header"
    if not timestamp or not timestamp.isdigit():
        return "no X-DSR-Timestamp header in Unix seconds"
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return "X-DSR-Timestamp is more than five minutes from our clock"
    try:
        sig = base64.b64decode(signature, validate=True)
    except ValueError:
        return "X-DSR-Signature is not base64"
    if not ed25519.verify(public, signed_bytes(timestamp, body), sig):
        return "X-DSR-Signature does not verify with the connector's key"
    return None


def signed(seed, payload):
    """Body bytes (canonical JSON for our ASCII keys and integer numbers) and the headers that sign them."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    timestamp = str(int(time.time()))
    signature = base64.b64encode(ed25519.sign(seed, signed_bytes(timestamp, body))).decode()
    return body, {"Content-Type": "application/json", "X-DSR-Timestamp": timestamp, "X-DSR-Signature": signature}


# --- the work ---------------------------------------------------------------------------------------------------

class Subject:
    """Who the request names, resolved once before any category is touched (erasing the account first must not
    lose the link from orders to the user)."""

    def __init__(self, db, identifiers):
        self.emails = sorted({i["value"].lower() for i in identifiers if i.get("type") == "EMAIL"})
        ids = [i["value"] for i in identifiers if i.get("type") == "USER_ID"]
        marks = ",".join("?" * len(self.emails)) or "null"
        id_marks = ",".join("?" * len(ids)) or "null"
        rows = db.execute(f"select id from users where lower(email) in ({marks}) or cast(id as text) in ({id_marks})",
                          self.emails + ids).fetchall()
        self.user_ids = sorted({r[0] for r in rows})

    def where(self, email_column, user_column=None):
        """A condition that matches the subject's rows, and its parameters."""
        parts, params = [], []
        if self.emails:
            parts.append(f"lower({email_column}) in ({','.join('?' * len(self.emails))})")
            params += self.emails
        if user_column and self.user_ids:
            parts.append(f"{user_column} in ({','.join('?' * len(self.user_ids))})")
            params += self.user_ids
        return ("(" + " or ".join(parts) + ")") if parts else "0", params


def act(db, subject, category, action):
    """Acts on one category, then reads again; returns the outcome as the wire format has it."""
    if category == "account" and action == "ERASE":
        cond, params = subject.where("email", "id")
        affected = db.execute(f"delete from users where {cond}", params).rowcount
        remaining = db.execute(f"select count(*) from users where {cond}", params).fetchone()[0]
        verification = "users: rows for the subject's email or user id counted after the delete"
    elif category == "orders" and action == "ERASE":
        cond, params = subject.where("email", "user_id")
        affected = db.execute(f"delete from orders where {cond}", params).rowcount
        remaining = db.execute(f"select count(*) from orders where {cond}", params).fetchone()[0]
        verification = "orders: rows for the subject's email or user id counted after the delete"
    elif category == "orders" and action == "ANONYMISE":
        cond, params = subject.where("email", "user_id")
        affected = db.execute(f"update orders set user_id = null, email = null, shipping_name = null,"
                              f" shipping_address = null where {cond}", params).rowcount
        remaining = db.execute(f"select count(*) from orders where {cond}", params).fetchone()[0]
        verification = ("orders: personal columns nulled and the user link cut, amounts kept; rows still linked to"
                        " the subject counted after the update")
    elif category == "newsletter" and action == "ERASE":
        cond, params = subject.where("email")
        affected = db.execute(f"delete from newsletter where {cond}", params).rowcount
        remaining = db.execute(f"select count(*) from newsletter where {cond}", params).fetchone()[0]
        verification = "newsletter: subscriptions for the subject's email counted after the delete"
    else:
        return {"category": category, "status": "FAILED", "retryable": False,
                "reason": f"{action} on {category} is not supported by this service"}
    return {"category": category, "status": "DONE", "rowsAffected": affected, "remaining": remaining,
            "verification": verification}


def process(db_path, command):
    """Every category of the command, each once per commandId: a repeat gets the first answer again."""
    db = sqlite3.connect(db_path, timeout=10, isolation_level=None)
    try:
        db.execute("begin immediate")
        subject = Subject(db, command.get("identifiers", []))
        outcomes = []
        for c in command["categories"]:
            known = db.execute("select outcome from dsr_log where command_id = ? and category = ?",
                               (command["commandId"], c["category"])).fetchone()
            if known:
                outcomes.append(json.loads(known[0]))
                continue
            outcome = act(db, subject, c["category"], c["action"])
            db.execute("insert into dsr_log (command_id, category, outcome) values (?, ?, ?)",
                       (command["commandId"], c["category"], json.dumps(outcome)))
            outcomes.append(outcome)
        db.execute("commit")
        return outcomes
    except BaseException:
        db.execute("rollback")
        raise
    finally:
        db.close()


# --- HTTP -------------------------------------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    config = None  # set by serve()

    def log_message(self, fmt, *args):  # the request line only: no bodies, no identifiers
        sys.stderr.write("%s %s\n" % (self.command, fmt % args if "%" in fmt else fmt))

    def answer(self, status, body=b"", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def problem(self, status, title, detail):
        body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
        self.answer(status, body, {"Content-Type": "application/problem+json"})

    def do_POST(self):
        cfg = Handler.config
        if self.path != "/dsr":
            return self.problem(404, "Not Found", "POST /dsr")
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        refused = signature_problem(cfg["connector_key"], self.headers.get("X-DSR-Timestamp"),
                                    self.headers.get("X-DSR-Signature"), body)
        if refused:
            return self.problem(401, "Unauthorized", refused)
        try:
            command = json.loads(body)
            command_id = command["commandId"]
            categories = command["categories"]
        except (ValueError, KeyError, TypeError):
            return self.problem(400, "Bad Request", "not the webhook command format")
        if cfg["async"] and all(c.get("callbackUrl") for c in categories):
            threading.Thread(target=call_back, args=(cfg, command), daemon=True).start()
            payload, headers = signed(cfg["seed"], {"commandId": command_id})
            return self.answer(202, payload, headers)
        payload, headers = signed(cfg["seed"], {"commandId": command_id, "outcomes": process(cfg["db"], command)})
        self.answer(200, payload, headers)


def call_back(cfg, command):
    time.sleep(cfg["callback_delay"])
    outcomes = {o["category"]: o for o in process(cfg["db"], command)}
    for c in command["categories"]:
        body, headers = signed(cfg["seed"], {"commandId": command["commandId"],
                                             "outcomes": [outcomes[c["category"]]]})
        request = urllib.request.Request(c["callbackUrl"], data=body, headers=headers, method="POST")
        for attempt in range(5):
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    sys.stderr.write(f"callback {c['category']}: {response.status}\n")
                break
            except urllib.error.HTTPError as e:
                sys.stderr.write(f"callback {c['category']}: {e.code}\n")
                if e.code < 500:
                    break  # refused: the connector said why, trying again does not help
                # 503 step-not-open-yet: the connector has not recorded the step yet (we were faster than its commit)
                time.sleep(float(e.headers.get("Retry-After") or 2 ** attempt))
            except OSError:
                time.sleep(2 ** attempt)


def serve(args):
    connector_key = read_public_key(args.connector_key)
    Handler.config = {"db": args.db, "seed": load_or_create_key(args.keys_dir), "connector_key": connector_key,
                      "async": args.async_mode, "callback_delay": args.callback_delay}
    init_db(args.db)
    server = http.server.ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"listening on {server.server_address[0]}:{server.server_address[1]}", flush=True)
    server.serve_forever()


def init_db(path):
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.commit()
    db.close()


def seed(args):
    init_db(args.db)
    db = sqlite3.connect(args.db)
    for sql, rows in SEED:
        db.executemany(sql, rows)
    db.commit()
    db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="answer the connector's commands")
    s.add_argument("--db", required=True)
    s.add_argument("--keys-dir", required=True, help="where the service's own key pair lives")
    s.add_argument("--connector-key", required=True, help="the processor's public key file of the connector")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8099, help="0 picks a free port")
    s.add_argument("--async", dest="async_mode", action="store_true", help="answer 202 and call back")
    s.add_argument("--callback-delay", type=float, default=1.0, help="seconds before calling back")
    d = sub.add_parser("seed", help="create the tables with two sample customers")
    d.add_argument("--db", required=True)
    args = parser.parse_args()
    (serve if args.command == "serve" else seed)(args)


if __name__ == "__main__":
    main()
