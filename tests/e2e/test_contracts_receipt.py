"""Issue 5 in Debian's chromium on a 360 px screen: a worker records a contract with its
PDF, opens the receipt, the QR code on the screen is decoded (zxing-cpp) and the decoded
address opened in the browser says "Verified"; after the record is altered in the database,
the same address says "Does not match"."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
import zxingcpp
from playwright.sync_api import Page, expect

from kazi.contracts.models import ContractVersion, LedgerEntry
from tests.factories import PASSWORD, make_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_to_gray(data: bytes) -> np.ndarray:
    """Decode an 8-bit RGB/RGBA PNG (what Chromium's screenshots are) to a grey array."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, chunk = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and interlace == 0 and colour in (0, 2, 6)
            channels = {0: 1, 2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
    raw = zlib.decompress(idat)
    stride = width * channels
    rows = np.zeros((height, stride), dtype=np.int32)
    prev = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        start = y * (stride + 1)
        filt = raw[start]
        line = np.frombuffer(raw[start + 1 : start + 1 + stride], dtype=np.uint8).astype(np.int32)
        if filt == 0:
            cur = line
        elif filt == 2:
            cur = (line + prev) % 256
        else:  # sub, average, paeth: byte by byte
            cur = np.zeros(stride, dtype=np.int32)
            for x in range(stride):
                a = cur[x - channels] if x >= channels else 0
                b = prev[x]
                c = prev[x - channels] if x >= channels else 0
                if filt == 1:
                    pred = a
                elif filt == 3:
                    pred = (a + b) // 2
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[x] = (line[x] + pred) % 256
        rows[y] = cur
        prev = cur
    pixels = rows.reshape(height, width, channels)[:, :, : min(channels, 3)]
    return pixels.mean(axis=2).astype(np.uint8)


def test_receipt_qr_code_is_verified_in_the_browser(page: Page, live_server, settings):
    settings.KAZI_SITE_URL = ""
    base = live_server.url
    worker = make_worker(display_name="Sita Tamang", email="sita@example.org")

    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', worker.email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main form button[type="submit"]')
    expect(page.locator("header")).to_contain_text("Sign out")

    page.goto(f"{base}/contracts/new/")
    page.get_by_label("What is this document?").select_option("pre_departure")
    page.get_by_label("Employer's name").fill("Gulf Homes LLC")
    page.get_by_label("Job", exact=True).fill("Housemaid")
    page.get_by_label("Country of work").select_option("QA")
    page.get_by_label("City or town").fill("Doha")
    page.get_by_label("Wage", exact=True).fill("1200")
    page.locator("#id_wage_currency").fill("QAR")
    page.get_by_label("Hours of work per week").fill("48")
    page.get_by_label("Photo or PDF of the document (optional)").set_input_files(
        {"name": "contract.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Record it").click()
    expect(page.locator("h1")).to_have_text("Contract receipt")
    version = ContractVersion.objects.get()
    assert version.document_sha256

    shot = page.locator("#receipt-qr svg").screenshot()
    found = zxingcpp.read_barcodes(png_to_gray(shot))
    assert len(found) == 1
    url = found[0].text
    assert url.startswith(f"{base}/contracts/verify/?r=v1.1.")

    page.goto(url)
    expect(page.locator("#verdict")).to_contain_text("Verified")
    expect(page.locator("main")).to_contain_text("Record #1 in the chain is the same.")

    # The document itself can be checked against the receipt (and is not kept).
    page.get_by_label("The contract document (optional)").set_input_files(
        {"name": "contract.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Check the document").click()
    expect(page.locator("main")).to_contain_text("The document you gave is the one recorded.")

    # Someone changes the record behind Kazi's back: the same QR code no longer verifies.
    body = {**version.ledger_entry.body, "stage": "destination"}
    LedgerEntry.objects.filter(pk=version.ledger_entry_id).update(body=body)
    page.goto(url)
    expect(page.locator("#verdict")).to_contain_text("Does not match")
    expect(page.locator("#verdict")).to_contain_text("Record #1 was altered")
    version.document.delete(save=False)  # the test's file, from the private folder
