#!/usr/bin/env python3
"""Writes the seed corpora under tests/fuzz/corpus/<target>/ (the files are committed; run
this again only after changing the seeds here or an input layout in a *_fuzz.cpp).

Each seed is a small, valid or nearly valid input in its target's layout, documented at the
top of the target's source: the fuzzer starts from these instead of from nothing.
"""
import random
import shutil
import struct
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def u16(n):
    return struct.pack(">H", n)


def u32(n):
    return struct.pack(">I", n)


def string(text):
    data = text.encode() if isinstance(text, str) else text
    return u16(len(data)) + data


# frame_decoder: [codec][limit][plan length][plan...][stream]
U32, U16, DELIM, FIXED = 0, 1, 2, 3
NL, CRLF, NUL, AA, ABA = 0, 1, 2, 3, 4  # indices into kDelimiters
STRIP_CR = 0x20
PAUSE = 0x80
LIMIT_65535, LIMIT_1MIB, LIMIT_HUGE = 251, 254, 255  # kLargeLimits through byte 1


def decoder(shape, limit, stream, plan=b"", delimiter=0):
    return bytes([shape | (delimiter << 2), limit, len(plan)]) + plan + stream


FRAME_DECODER = {
    "u32_frames_empty_and_partial": decoder(U32, 100, u32(5) + b"hello" + u32(0) + u32(3) + b"ab"),
    "u32_max_size_frame": decoder(U32, 16, u32(16) + b"A" * 16),
    "u32_one_past_max": decoder(U32, 16, u32(17) + b"A" * 17),
    "u32_header_all_ones": decoder(U32, LIMIT_1MIB, b"\xff\xff\xff\xff"),
    "u32_chunked_with_pauses": decoder(
        U32, 100, u32(3) + b"one" + u32(0) + u32(5) + b"three", plan=bytes([1, 2 | PAUSE, 0, 7])),
    "u16_max_header_pending": decoder(U16, LIMIT_HUGE, b"\xff\xff" + b"x" * 10),
    "u16_zero_max_frame": decoder(U16, 0, u16(0) + u16(0) + u16(1) + b"x"),
    "line_crlf_and_lf": decoder(DELIM | STRIP_CR, 64, b"hello\r\nworld\n\nlast\r\r\npartial"),
    "line_without_strip": decoder(DELIM, 64, b"a\r\nb\n", plan=bytes([2, 1 | PAUSE])),
    "line_too_long": decoder(DELIM | STRIP_CR, 8, b"0123456789\n"),
    "crlf_delimiter": decoder(DELIM, 200, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", delimiter=CRLF),
    "nul_delimiter": decoder(DELIM, 10, b"a\0bc\0\0", delimiter=NUL),
    "overlapping_delimiter_aa": decoder(DELIM, 10, b"xaaaayaa", delimiter=AA),
    "overlapping_delimiter_aba": decoder(DELIM, 10, b"ababaaba", delimiter=ABA),
    "fixed_records": decoder(FIXED, 3, b"abcdefghij"),
    "fixed_records_chunked": decoder(FIXED, 0, b"xyz", plan=bytes([0, 1 | PAUSE])),
    "garbage": bytes(random.Random(7).randrange(256) for _ in range(64)),
}

# packet_reader: [op count][ops...][payload]
OP = dict(u8=0, u16=1, u32=2, u64=3, i8=4, i16=5, i32=6, i64=7, string=8, view=9, end=11)


def reader(ops, payload):
    codes = bytes(op if isinstance(op, int) else OP[op] for op in ops)
    return bytes([len(codes)]) + codes + payload


def read_bytes(n):
    return 10 | (n << 4)


PACKET_READER = {
    "calculator_request": reader(["u8", "i32", "i32", "end"], b"+" + u32(3) + b"\xff\xff\xff\xfc"),
    "every_integer": reader(
        ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "end"],
        b"\x80" + b"\x80\x01" + b"\x80\0\0\x01" + b"\x80" + b"\0" * 7
        + b"\xff" + b"\xff\xfe" + b"\x7f\xff\xff\xff" + b"\xff" * 8),
    "strings": reader(["string", "view", "end"], string("hi") + string("")),
    "string_truncated": reader(["string", "u8"], u16(5) + b"ab"),
    "trailing_bytes": reader(["u8", "end"], b"\x01\x02"),
    "bytes_fields": reader([read_bytes(3), read_bytes(0), "u64", "end"], b"abc" + b"\x01" * 8),
    "read_past_end": reader(["u32"], b"\x01\x02"),
    "empty": reader([], b""),
}

# chat_protocol: one payload, a request (0x01-0x09) or an event (0x81-0x89, 0x8f)
CHAT_PROTOCOL = {
    "request_hello": b"\x01" + u16(1),
    "request_set_nick": b"\x02" + string("alice"),
    "request_join": b"\x03" + string("lobby"),
    "request_leave": b"\x04",
    "request_say": b"\x05" + string("hi all"),
    "request_private_message": b"\x06" + string("bob") + string("psst"),
    "request_list_rooms": b"\x07",
    "request_list_users": b"\x08" + string(""),
    "request_ping": b"\x09" + u32(7),
    "event_welcome": b"\x81" + u16(1) + string("Welcome to proactor chat."),
    "event_nick_changed": b"\x82" + string("") + string("alice"),
    "event_joined": b"\x83" + string("lobby") + string("alice"),
    "event_left": b"\x84" + string("lobby") + string("alice"),
    "event_message": b"\x85" + string("lobby") + string("alice") + string("hi all"),
    "event_private_delivered": b"\x86" + string("alice") + string("bob") + string("psst"),
    "event_room_list": b"\x87" + u16(2) + string("lobby") + u16(3) + string("dev") + u16(1),
    "event_user_list": b"\x88" + string("lobby") + u16(2) + string("alice") + string("bob"),
    "event_pong": b"\x89" + u32(7),
    "event_error": b"\x8f" + u16(6) + b"\x02" + string("that nickname is taken"),
    "malformed_empty": b"",
    "malformed_unknown_type": b"\x7f",
    "malformed_string_past_end": b"\x05" + u16(100) + b"short",
    "malformed_trailing_byte": b"\x09" + u32(7) + b"\0",
    "malformed_list_count_too_big": b"\x87" + u16(65535) + string("lobby") + u16(1),
    "utf8_text": b"\x05" + string("caf\u00e9 \u263a"),
}


def main():
    for target, seeds in [("frame_decoder", FRAME_DECODER), ("packet_reader", PACKET_READER),
                          ("chat_protocol", CHAT_PROTOCOL)]:
        directory = CORPUS / target
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        for name, data in seeds.items():
            (directory / name).write_bytes(data)
        print(f"{directory.relative_to(CORPUS.parent.parent.parent)}: {len(seeds)} seeds")


if __name__ == "__main__":
    main()
