"""A pytest check of a VoIPbin call, as a project's API tests write it.

usage: VOIPBIN_METHOD=GET VOIPBIN_URL=http://… python3 -m pytest tests/clients/pytest_voipbin.py
(capture.sh's `pytest` style: what pytest prints when the status is not 200)
"""
import os

import requests


def test_voipbin_call_succeeds():
    method, url = os.environ["VOIPBIN_METHOD"], os.environ["VOIPBIN_URL"]
    resp = requests.request(method, url, timeout=10)
    assert resp.status_code == 200, resp.text
