"""Run Wagtail's publish_scheduled in a loop, for hosts without cron or timers."""

import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "Publish and unpublish scheduled pages and snippets every INTERVAL seconds "
        "(default 60) until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60)
        parser.add_argument("--once", action="store_true", help=_("Run once and exit."))

    def handle(self, *args, interval, once, **options):
        if interval < 1:
            interval = 1
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while True:
            started = time.monotonic()
            try:
                call_command("publish_scheduled", stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # logged, and retried next round
                self.stderr.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} publish_scheduled: {error}")
            if once or self.stopping:
                return
            self.sleep(max(0.0, interval - (time.monotonic() - started)))
            if self.stopping:
                return
            # A connection dropped since the last round must not end the loop for good.
            close_old_connections()

    def sleep(self, seconds):
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(1.0, end - time.monotonic()))

    def stop(self, *args):
        self.stopping = True
