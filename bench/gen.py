#!/usr/bin/env python3
"""Generates the benchmark corpora deterministically (fixed seed).

    python3 bench/gen.py OUT_DIR

OUT_DIR/reply.txt           one ~600-byte reply
OUT_DIR/replies/            10,000 reply files (~5 MB)
OUT_DIR/lib-1mb.jsonl       JSON Lines libraries of 1, 10 and 100 MB
OUT_DIR/lib-10mb.jsonl
OUT_DIR/lib-100mb.jsonl

Replies are assembled from sentence parts typical of support replies, good
and bad. Eight of the eighteen body sentences break a rule, so nearly every
reply has a finding (99 % of the 10,000 files, 6.3 findings per reply on
average): a heavy case for the rules, far above a real macro library.
"""
import argparse
import json
import os
import random

OPENERS = [
    "Hi {name},", "Hello {name},", "Hey there!", "Thanks for reaching out, {name}.", "Dear customer,",
    "Sorry to hear about this, {name}.", "Thanks for your patience.", "Hi, and thanks for the details.",
]
BODIES = [
    "Your order {order} left our warehouse this morning and should arrive by Friday.",
    "We've looked into your account and the refund was issued on {date}.",
    "The app update rolling out this week fixes the login issue on Android 14.",
    "Our team is investigating reports of slow page loads in the EU region.",
    "You can change your delivery slot in the app under Orders, then Change slot.",
    "As I already said, the charge is correct and it stands.",
    "You should have read the FAQ before ordering, it's all there.",
    "Calm down, it's not a big deal, the parcel is only a day late.",
    "We can't refund opened items, that's against our policy.",
    "Unfortunately there's nothing we can do once the bags leave the aircraft.",
    "Our billing team handles this; I've passed it on and they'll email you today.",
    "The store closes at 9pm on weekdays and 6pm on Sundays.",
    "PLEASE READ the shipping page, orders take 10 to 14 business days!!",
    "We're sorry you feel that way, but the policy is clear.",
    "I'm sorry the replacement arrived damaged; a new one ships tomorrow.",
    "Frankly, that request is ridiculous.",
    "Obviously the code only works once per customer.",
    "Our records show your cancellation was received after the renewal date.",
]
CLOSERS = [
    "Let us know if there's anything else we can do.", "Could you DM us your order number?",
    "Happy to help if you have questions.", "Thanks for being with us.", "Have a great day!",
    "Reply here if anything still looks off.", "", "Best, Support",
]
NAMES = ["Sam", "Priya", "Jordan", "Chloe", "Omar", "Lena", "Mia", "Tariq"]


def reply(rng, target):
    parts = [rng.choice(OPENERS).format(name=rng.choice(NAMES))]
    while sum(len(p) for p in parts) < target:
        parts.append(rng.choice(BODIES).format(order=f"#{rng.randint(10000, 99999)}", date=f"{rng.randint(1, 28)} May"))
    parts.append(rng.choice(CLOSERS))
    return " ".join(p for p in parts if p)


def main():
    parser = argparse.ArgumentParser(
        description="Generate the benchmark corpora (fixed seed): one reply, "
        "10,000 reply files and JSON Lines libraries of 1, 10 and 100 MB.",
    )
    parser.add_argument(
        "out", nargs="?", default="target/bench-data", metavar="OUT_DIR",
        help="directory to write the corpora into (default: target/bench-data)",
    )
    out = parser.parse_args().out
    os.makedirs(os.path.join(out, "replies"), exist_ok=True)
    rng = random.Random(20261123)
    with open(os.path.join(out, "reply.txt"), "w") as f:
        f.write(reply(rng, 560))
    for i in range(10_000):
        with open(os.path.join(out, "replies", f"r{i:05d}.txt"), "w") as f:
            f.write(reply(rng, 450))
    for mb in (1, 10, 100):
        path = os.path.join(out, f"lib-{mb}mb.jsonl")
        size = 0
        i = 0
        with open(path, "w") as f:
            while size < mb * 1_000_000:
                line = json.dumps({"id": f"m{i}", "channel": "public", "text": reply(rng, 450)}, ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode())
                i += 1
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
