"""``lessonquiz-service``: set up the class database, or serve the API the Hub proxies to.

    lessonquiz-service --setup --db OWNER_URL --service-role lq_service --report-role lq_report
    lessonquiz-service --course /srv/course/quizzes --db postgresql://lq_service@.../lessonquiz

Started by the Hub as a managed service, it listens where ``JUPYTERHUB_SERVICE_URL`` says and
serves under ``JUPYTERHUB_SERVICE_PREFIX``. ``LESSONQUIZ_DB_URL`` and ``LESSONQUIZ_COURSE``
may stand for ``--db`` and ``--course`` (a password is better kept out of the command line).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path
from urllib.parse import urlparse

from tornado.web import Application, RequestHandler

from lessonquiz.service.handlers import AttemptsHandler, TallyHandler, WhoAmIHandler
from lessonquiz.service.regrade import load_course

log = logging.getLogger("lessonquiz.service")


def make_app(history: object, banks: dict, prefix: str = "/") -> Application:
    """The tornado application: the API under ``prefix`` (the service's proxy path)."""
    prefix = prefix.rstrip("/") + "/"
    options = {"history": history, "banks": banks}
    return Application(
        [
            (prefix + "api/whoami", WhoAmIHandler, options),
            (prefix + "api/attempts", AttemptsHandler, options),
            (prefix + "api/tally", TallyHandler, options),
        ],
        xsrf_cookies=False,  # token-authenticated API only; no cookies are read
        log_function=_log_request,
    )


def _log_request(handler: RequestHandler) -> None:
    """Refusals and errors at INFO and above; each stored Check only at DEBUG (a class makes
    thousands a minute, and the Hub's proxy logs them too)."""
    status = handler.get_status()
    level = logging.DEBUG if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    request = handler.request
    log.log(
        level, "%d %s %s %.1fms", status, request.method, request.uri, 1000 * request.request_time()
    )


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lessonquiz-service", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db",
        default=os.environ.get("LESSONQUIZ_DB_URL"),
        help="PostgreSQL URL (default: $LESSONQUIZ_DB_URL)",
    )
    parser.add_argument(
        "--course",
        type=Path,
        default=os.environ.get("LESSONQUIZ_COURSE"),
        help="the service's own copy of quizzes/ (default: $LESSONQUIZ_COURSE)",
    )
    parser.add_argument(
        "--setup",
        action="store_true",
        help="create or migrate the schema and grant the roles, then exit",
    )
    parser.add_argument("--service-role", default="lq_service")
    parser.add_argument("--report-role", default=None)
    parser.add_argument("--pool-size", type=int, default=8)
    args = parser.parse_args(argv)
    if not args.db:
        parser.error("--db (or LESSONQUIZ_DB_URL) is required")
    if not args.setup and args.course is None:
        parser.error("--course (or LESSONQUIZ_COURSE) is required")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="[lessonquiz-service] %(message)s")
    if args.setup:
        import psycopg

        from lessonquiz.store.pg_schema import SCHEMA_VERSION, grant, migrate

        with psycopg.connect(args.db, autocommit=True) as conn:
            before = migrate(conn)
            grant(conn, args.service_role, args.report_role)
        was = (
            "created" if before == 0 else "unchanged" if before == SCHEMA_VERSION
            else f"migrated from {before}"
        )
        print(
            f"lessonquiz schema {SCHEMA_VERSION} ({was}); {args.service_role} may insert and read"
            + (f", {args.report_role} may read" if args.report_role else "")
        )
        return 0
    try:
        banks = load_course(args.course)
    except (OSError, ValueError) as exc:
        print(f"lessonquiz-service: {exc}", file=sys.stderr)
        return 1
    asyncio.run(_serve(args, banks))
    return 0


async def _serve(args: argparse.Namespace, banks: dict) -> None:
    from lessonquiz.store.postgres import ClassHistory, SchemaError

    history = ClassHistory(args.db, max_size=args.pool_size)
    await history.open()
    try:
        await history.check_schema()
    except SchemaError as exc:  # wrong or missing schema: serving would only fail later
        await history.close()
        raise SystemExit(f"lessonquiz-service: {exc}") from None
    except Exception as exc:  # down now: requests answer 503 until it is back
        log.warning("database not ready yet: %s", exc)
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    app = make_app(history, banks, prefix)
    app.listen(url.port or 80, url.hostname or "127.0.0.1", xheaders=True)
    log.info("serving %d banks at %s%s", len(banks), url.geturl(), prefix)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await history.close()


if __name__ == "__main__":
    sys.exit(main())
