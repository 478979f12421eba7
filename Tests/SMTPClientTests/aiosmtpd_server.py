#!/usr/bin/env python3
"""The upstream smarthost of the SMTPClient tests: aiosmtpd with faults chosen on the command line.

Every event (ready, connect, rset, message) is appended as one JSON line to --events, which the test reads.
Recipients decide their own fate: a local part starting with "temp" gets 450, with "perm" gets 550.
"""
import argparse
import asyncio
import base64
import json
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--events", required=True)
parser.add_argument("--mode", default="normal",
                    choices=["normal", "slow-greeting", "greeting-421", "drop-in-data", "mail-421", "slow-dot"])
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--starttls", action="store_true", help="offer STARTTLS and require it")
parser.add_argument("--implicit-tls", action="store_true")
parser.add_argument("--size", type=int, default=33554432)
parser.add_argument("--no-smtputf8", action="store_true")
parser.add_argument("--auth", help="user:password required (over TLS)")
parser.add_argument("--token", help="XOAUTH2 bearer token accepted for the --auth user")
args = parser.parse_args()


def log(event, **fields):
    with open(args.events, "a") as f:
        f.write(json.dumps(dict(event=event, **fields)) + "\n")


def tls_context():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    return context


def login_of(session):
    login = getattr(session.auth_data, "login", None)
    return login.decode() if isinstance(login, bytes) else login


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("temp"):
            return "450 4.2.0 Mailbox busy, try later"
        if local.startswith("perm"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        log("message", mail_from=envelope.mail_from, rcpt_tos=envelope.rcpt_tos, mail_options=envelope.mail_options,
            rcpt_options=envelope.rcpt_options, size=len(envelope.original_content or b""),
            content=(envelope.original_content or b"").decode("utf-8", "replace"),
            tls=session.ssl is not None, login=login_of(session),
            peer=session.peer[1])
        if args.mode == "slow-dot":
            await asyncio.sleep(60)
        return "250 2.0.0 Queued"

    async def auth_XOAUTH2(self, server, auth_args):
        # RFC 7628-style: user=<u>^Aauth=Bearer <t>^A^A
        if len(auth_args) < 2:
            return AuthResult(success=False, handled=False)
        decoded = base64.b64decode(auth_args[1]).decode()
        fields = dict(part.split("=", 1) for part in decoded.split("\x01") if "=" in part)
        user, password = (args.auth or ":").split(":", 1)
        if fields.get("user") == user and fields.get("auth") == f"Bearer {args.token}":
            return AuthResult(success=True, auth_data=LoginPassword(login=user.encode(), password=b""))
        await server.push("334 " + base64.b64encode(b'{"status":"401"}').decode())
        await server._reader.readline()
        return AuthResult(success=False, handled=False)


def authenticator(server, session, envelope, mechanism, auth_data):
    if not args.auth or not isinstance(auth_data, LoginPassword):
        return AuthResult(success=False, handled=False)
    user, password = args.auth.split(":", 1)
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


class FaultySMTP(SMTP):
    def connection_made(self, transport):
        log("connect", peer=transport.get_extra_info("peername")[1])
        super().connection_made(transport)

    async def smtp_RSET(self, arg):
        log("rset")
        await super().smtp_RSET(arg)

    async def smtp_QUIT(self, arg):
        log("quit")
        await super().smtp_QUIT(arg)

    async def smtp_MAIL(self, arg):
        if args.mode == "mail-421":
            await self.push("421 4.3.2 Service shutting down")
            self.transport.close()
            return
        await super().smtp_MAIL(arg)

    async def smtp_DATA(self, arg):
        if args.mode == "drop-in-data" and self.envelope.rcpt_tos:
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readline()
            log("dropped")
            self.transport.close()
            return
        await super().smtp_DATA(arg)


async def raw_fault(reader, writer):
    log("connect", peer=writer.get_extra_info("peername")[1])
    if args.mode == "greeting-421":
        writer.write(b"421 4.3.2 Too busy, try another server\r\n")
        await writer.drain()
    else:
        await asyncio.sleep(60)
    writer.close()


def make_smtp():
    kwargs = dict(hostname="upstream.test", data_size_limit=args.size, enable_SMTPUTF8=not args.no_smtputf8, decode_data=False,
                  authenticator=authenticator, auth_require_tls=True)
    if args.starttls:
        kwargs.update(tls_context=tls_context(), require_starttls=True)
    if args.auth:
        kwargs.update(auth_required=True)
    return FaultySMTP(Handler(), **kwargs)


async def main():
    loop = asyncio.get_running_loop()
    if args.mode in ("slow-greeting", "greeting-421"):
        server = await asyncio.start_server(raw_fault, "127.0.0.1", args.port)
    else:
        server = await loop.create_server(make_smtp, "127.0.0.1", args.port,
                                          ssl=tls_context() if args.implicit_tls else None)
    log("ready", port=args.port)
    # Also on stdout, for the CLI tests' PythonServerProcess that waits for it there.
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
