"""How fast `tracker sync` reads a Takeout-sized mbox, against reading its headers with `mailbox` alone.

    .venv/bin/python benchmarks/sync_speed.py [MESSAGES] [--body-kb 30] [--keep]

Builds (once, in build/bench-sync/) an mbox shaped like Gmail's Takeout:
MESSAGES messages (default 100,000) with Gmail's headers, a text part and a
base64 attachment of about --body-kb kilobytes each; a few hundred are sent
by the seeker to contacts of a tracker with 500 contacts. Then, each in a
fresh process so peak memory is its own:

- baseline: `mailbox.mbox(path)`, and for each message
  `BytesHeaderParser().parse(box.get_file(key))` reading From, To, Cc, Date,
  Subject and Message-ID: the standard library reading the headers alone;
- sync's reader: `MboxSource` yielding every message as sync sees it;
- `tracker sync --dry-run` on the tracker, the whole command.

Prints CPU and wall seconds and peak memory (max RSS) of each.
"""

from __future__ import annotations

import argparse
import base64
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "bench-sync"
ME = "jordan@example.com"
CHILD = textwrap.dedent("""
    import resource, sys, time
    kind, path = sys.argv[1], sys.argv[2]
    wall, cpu = time.perf_counter(), time.process_time()
    count = 0
    if kind == "baseline":
        import mailbox
        from email.parser import BytesHeaderParser
        box, parser = mailbox.mbox(path), BytesHeaderParser()
        for key in box.iterkeys():
            with box.get_file(key) as handle:
                headers = parser.parse(handle)
            [headers[h] for h in ("From", "To", "Cc", "Date", "Subject", "Message-ID")]
            count += 1
    elif kind == "reader":
        from pathlib import Path
        from toolkit.capture.mail_headers import Tally
        from toolkit.capture.mail_sources import mail_source
        for mail in mail_source(Path(path)).messages(Tally()):
            count += 1
    else:
        import datetime as dt
        from toolkit.capture.sync import sync
        result = sync(sys.argv[3], [path], dt.date(2026, 11, 22), dry_run=True)
        count = len(result.recorded)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(count, time.process_time() - cpu, time.perf_counter() - wall, rss)
""")


def build_mbox(path: Path, messages: int, body_kb: int) -> None:
    attachment = base64.encodebytes(os.urandom(body_kb * 1024 * 3 // 4)).decode("ascii")
    with open(path, "w", encoding="ascii", newline="\n") as out:
        for n in range(messages):
            day = 1 + n % 28
            sent = n % 250 == 0
            sender, to = (ME, f"contact{(n // 250) % 500}@example.org") if sent else (f"news{n % 97}@lists.example.com", ME)
            out.write(
                f"From 17{n:017d}@xxx Mon Nov {day:02d} 10:00:00 +0000 2025\n"
                f"X-GM-THRID: 17{n:017d}\nX-Gmail-Labels: {'Sent' if sent else 'Inbox,Category Updates'}\n"
                f"Delivered-To: {ME}\nReceived: by 2002:a05:6520:1234 with SMTP id x{n}; Mon, {day} Nov 2025 10:00:00 -0800 (PST)\n"
                f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=20230601; h=to:subject:date;\n"
                f" bh={attachment[:44]}; b={attachment[44:400].replace(chr(10), '')}\n"
                f"MIME-Version: 1.0\nFrom: Person {n} <{sender}>\nTo: {to}\nDate: Mon, {day} Nov 2025 10:00:00 +0000\n"
                f"Subject: Message number {n} about the research ops role\nMessage-ID: <m{n}@mail.example.com>\n"
                f'Content-Type: multipart/mixed; boundary="b{n}"\n\n'
                f"--b{n}\nContent-Type: text/plain; charset=UTF-8\n\nHello,\n\nHere is the note number {n}: https://example.org/{n}\n\n"
                f"--b{n}\nContent-Type: application/pdf; name=\"notes.pdf\"\nContent-Transfer-Encoding: base64\n\n"
                f"{attachment}\n--b{n}--\n\n")


def build_tracker(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from toolkit.review.new_tracker import create_tracker

    contacts = [{"Name": f"Contact {n}", "Email": f"contact{n}@example.org", "Relationship": "Met"} for n in range(500)]
    interviews = [{"Contact": f"Contact {n}", "Date": __import__("datetime").date(2025, 10, 1), "Outcome": "Held"} for n in range(500)]
    create_tracker(path, {"Contacts": contacts, "Interviews": interviews}, {"Your Email": ME})


def measure(kind: str, mbox: Path, tracker: Path) -> tuple[int, float, float, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, kind, str(mbox), str(tracker)], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    count, cpu, wall, rss = done.stdout.split()
    return int(count), float(cpu), float(wall), int(rss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", nargs="?", type=int, default=100_000)
    parser.add_argument("--body-kb", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the mbox for another run")
    options = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    mbox = CACHE / f"takeout-{options.messages}-{options.body_kb}kb.mbox"
    tracker = CACHE / "tracker-500.xlsx"
    if not mbox.exists():
        build_mbox(mbox, options.messages, options.body_kb)
    if not tracker.exists():
        build_tracker(tracker)
    print(f"{mbox.name}: {options.messages:,} messages, {mbox.stat().st_size / 1e9:.2f} GB")
    print("| what | CPU s | wall s | peak memory MB | result |")
    print("|---|---|---|---|---|")
    for kind, label in (("baseline", "mailbox + BytesHeaderParser"), ("reader", "sync's mbox reader"), ("sync", "tracker sync --dry-run")):
        count, cpu, wall, rss = measure(kind, mbox, tracker)
        what = f"{count:,} touches" if kind == "sync" else f"{count:,} messages"
        print(f"| {label} | {cpu:.1f} | {wall:.1f} | {rss:.0f} | {what} |")
    if not options.keep:
        mbox.unlink()


if __name__ == "__main__":
    main()
