"""Reference for the outbox benchmark: sends N similar messages straight to an SMTP
server with smtplib over C parallel connections, and prints messages per second. This
is what the sink can take without Loket's queue in between.

    python smtp_blast.py PORT N CONNECTIONS
"""
import smtplib
import sys
import threading
import time
from email.message import EmailMessage


def send(port, count, offset):
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n in range(count):
            message = EmailMessage()
            message["From"] = "Loket <noreply@loket.localhost>"
            message["To"] = f"ref{offset + n}@bench.example"
            message["Subject"] = "Uitnodiging voor Loket"
            message.set_content("Beste ontvanger,\n\nKies een wachtwoord via de link.\n")
            message.add_alternative("<p>Beste ontvanger,</p><p>Kies een wachtwoord via de link.</p>", subtype="html")
            smtp.send_message(message)


def main():
    port, total, connections = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    share = total // connections
    threads = [threading.Thread(target=send, args=(port, share, i * share)) for i in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(f"{share * connections / elapsed:.1f}")


if __name__ == "__main__":
    main()
