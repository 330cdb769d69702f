"""A real SMTP server for the tests (aiosmtpd). Each accepted message is written to
--dir as <n>.eml. With --stall-first-rcpt N the first RCPT TO waits N seconds before
answering (a marker file `stalled` appears when it starts), so a test can kill a worker
in the middle of a delivery, before the message is transferred. With --reject ADDRESS,
mail to that address is refused permanently (550).

    python smtp_sink.py --port 2525 --dir /tmp/mail [--stall-first-rcpt 30] [--reject x@y]
"""
import argparse
import asyncio
import itertools
import os
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, stall_seconds, reject):
        self.directory = directory
        self.stall_seconds = stall_seconds
        self.reject = {address.lower() for address in reject}
        self.counter = itertools.count(1)
        self.lock = threading.Lock()
        self.stalled = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 mailbox unavailable"
        if self.stall_seconds and not self.stalled:
            self.stalled = True
            with open(os.path.join(self.directory, "stalled"), "w") as marker:
                marker.write(str(time.time()))
            await asyncio.sleep(self.stall_seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.counter)
        path = os.path.join(self.directory, f"{number:06}.eml")
        with open(path + ".part", "wb") as part:
            part.write(envelope.original_content or envelope.content)
        os.replace(path + ".part", path)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--stall-first-rcpt", type=float, default=0)
    parser.add_argument("--reject", action="append", default=[])
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Sink(args.dir, args.stall_first_rcpt, args.reject), hostname="127.0.0.1", port=args.port)
    controller.start()
    with open(os.path.join(args.dir, "ready"), "w") as ready:
        ready.write("ok")
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
