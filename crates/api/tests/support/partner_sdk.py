"""A partner system on a Python client generated, unedited, from openapi/openapi.json by
openapi-python-client: it files an install request (with an Idempotency-Key, retried,
then the key reused for another body), amends it after the helpdesk returned it, and
follows it. Run by crates/api/tests/api/partner_sdk.rs with the generated package on
PYTHONPATH; prints one JSON object with what it saw.

    partner_sdk.py BASE_URL API_KEY file
    partner_sdk.py BASE_URL API_KEY amend REQUEST_ID
    partner_sdk.py BASE_URL API_KEY follow REQUEST_ID
"""

import json
import sys
import uuid

from loket_api_client import AuthenticatedClient
from loket_api_client.api.install_requests import (
    create_install_request,
    get_install_request,
    get_install_request_timeline,
    list_install_requests,
    resubmit_install_request,
)
from loket_api_client.models import InstallRequest, InstallRequestData, Problem


def request_data(vat=None):
    company = {
        "name": "Visserij De Haven B.V.",
        "coc_number": "8765 4321",
        "address": {"street": "Havenweg", "house_number": "3", "postcode": "8321 AB", "city": "Urk", "country": "NL"},
    }
    if vat:
        company["vat_number"] = vat
    return InstallRequestData.from_dict(
        {
            "company": company,
            "contacts": {
                "general": {"name": "Hein Visser", "email": "hein@dehaven.example", "phone": "0527 123 456"},
                "technical": {"name": "Ties Visser", "email": "ties@dehaven.example", "phone": "06 1234 5678"},
            },
            "accounting_package": {"kind": "other", "name": "Visboek"},
        }
    )


def expect(condition, what):
    if not condition:
        raise SystemExit(f"partner SDK: {what}")


def file(client):
    key = str(uuid.uuid4())
    first = create_install_request.sync_detailed(client=client, body=request_data(), idempotency_key=key)
    expect(first.status_code == 201 and isinstance(first.parsed, InstallRequest), f"filed: {first.content!r}")
    again = create_install_request.sync_detailed(client=client, body=request_data(), idempotency_key=key)
    expect(isinstance(again.parsed, InstallRequest), f"retried: {again.content!r}")
    other = create_install_request.sync_detailed(
        client=client, body=request_data("NL001234567B01"), idempotency_key=key
    )
    expect(other.status_code == 422 and isinstance(other.parsed, Problem), f"reused: {other.content!r}")
    return {
        "id": str(first.parsed.id),
        "number": first.parsed.number,
        "step": first.parsed.step.value,
        "retry_id": str(again.parsed.id),
        "replayed": again.headers.get("idempotent-replayed"),
        "reuse_status": other.status_code,
        "reuse_code": other.parsed.code.value,
    }


def amend(client, request_id):
    current = get_install_request.sync_detailed(request_id, client=client)
    expect(isinstance(current.parsed, InstallRequest), f"read: {current.content!r}")
    etag = current.headers["etag"]
    resubmitted = resubmit_install_request.sync_detailed(
        request_id, client=client, body=request_data("NL001234567B01"), if_match=etag
    )
    expect(isinstance(resubmitted.parsed, InstallRequest), f"resubmitted: {resubmitted.content!r}")
    return {
        "was": current.parsed.step.value,
        "step": resubmitted.parsed.step.value,
        "revision": resubmitted.parsed.revision,
        "vat_number": resubmitted.parsed.data.company.vat_number,
    }


def follow(client, request_id):
    request = get_install_request.sync(request_id, client=client)
    expect(isinstance(request, InstallRequest), "follow: not a request")
    timeline = get_install_request_timeline.sync(request_id, client=client)
    listed = list_install_requests.sync(client=client, q="haven")
    return {
        "step": request.step.value,
        "client_id": None if request.client_id is None else str(request.client_id),
        "timeline": [event.kind.value for event in timeline.items],
        "missing": [item for event in timeline.items for item in event.items],
        "listed": [str(item.id) for item in listed.items],
    }


def main():
    base_url, api_key, action = sys.argv[1], sys.argv[2], sys.argv[3]
    client = AuthenticatedClient(base_url=base_url, token=api_key, auth_header_name="X-Api-Key", prefix="")
    with client:
        if action == "file":
            result = file(client)
        elif action == "amend":
            result = amend(client, uuid.UUID(sys.argv[4]))
        else:
            result = follow(client, uuid.UUID(sys.argv[4]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
