"""The VLM backend against a scripted OpenAI-compatible server on loopback: prompts, verification,
grounding, retries, hybrid mode, usage and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from pydantic import BaseModel, Field

import groundex
from groundex.errors import EngineError
from groundex.prediction import Prediction
from groundex.synth import SynthDoc, invoice_doc
from groundex.types import BBox
from tests.fake_openai import Cut, FakeOpenAI, Refuse, Stall, answer, image_urls, prompt_text, running

INVOICE = "document.invoice"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with running() as server:
        yield server


@cache
def _doc(seed: int = 0) -> SynthDoc:
    return invoice_doc(2, False, seed)


def _vlm(fake: FakeOpenAI, doc: SynthDoc, schema: object = INVOICE, **options: Any) -> Prediction:
    opts: dict[str, Any] = {"backend": "vlm", "model": "fake-vl", "base_url": fake.base_url, **options}
    return groundex.extract(doc.data, schema, **opts)


def _box_ok(doc: SynthDoc, pred: Prediction, path: str) -> None:
    (truth,) = doc.truth[path].boxes
    boxes = [g.bbox for g in pred.fields[path].boxes]
    assert boxes, f"{path}: no box"
    assert any(b.page == truth.page and b.iou(truth) >= 0.5 for b in boxes), (path, boxes, truth)


def _box(pred: Prediction, path: str) -> BBox:
    (g,) = pred.fields[path].boxes
    return g.bbox


CORRECT = {
    "invoice_id": ("A-08304", ["A-08304"]),
    "invoice_issue_date": ("2024-08-26", ["L9"]),
    "customer_name": ("Greenfield Dental Group", ["Greenfield Dental Group"]),
    "issuer_name": ("Northwind Supply Co.", ["Northwind Supply Co."]),
    "issuer_phone": ("(415) 555-0132", ["(415) 555-0132"]),
    "subtotal": (17214.37, ["A-08304"]),  # printed on page 1; the model cites a line of page 0
    "total_amount": (18591.52, ["$18,591.52"]),
    "items": [
        {"description": ("Wi-Fi Access Point", ["Wi-Fi Access Point"]), "total_price": (783.75, ["783.75"])},
        {"description": ("Wireless Presenter", ["Wireless Presenter"]), "total_price": (170.5, ["170.50"])},
    ],
}


def test_correct_answers_are_grounded_on_the_right_page(fake: FakeOpenAI) -> None:
    doc = _doc()
    pred = _vlm(fake.load(answer(CORRECT)), doc)
    (request,) = fake.requests
    assert request["model"] == "fake-vl"
    assert request["response_format"]["type"] == "json_schema"
    schema = request["response_format"]["json_schema"]["schema"]
    leaf = schema["properties"]["invoice_id"]
    assert set(leaf["properties"]) == {"value", "lines"} and leaf["required"] == ["value", "lines"]
    assert schema["properties"]["items"]["type"] == "array"
    urls = image_urls(request)
    assert len(urls) == 2 and all(u.startswith("data:image/jpeg;base64,") for u in urls)
    text = prompt_text(request)
    assert "L6 84,12 A-08304" in text and "Page 1" in text and "- invoice_id (string)" in text

    data = pred.data
    assert data.invoice_id == "A-08304" and data.total_amount == 18591.52 and data.subtotal == 17214.37
    assert str(data.invoice_issue_date) == "2024-08-26"
    assert [i.description for i in data.items] == ["Wi-Fi Access Point", "Wireless Presenter"]
    paths = ["invoice_id", "invoice_issue_date", "customer_name", "issuer_name", "issuer_phone", "subtotal"]
    paths.append("total_amount")
    for path in paths:
        assert pred.fields[path].status == "exact", path
        _box_ok(doc, pred, path)
    _box_ok(doc, pred, "items[0].description")
    assert _box(pred, "items[1].description").page == 1  # items[26] of the truth
    assert _box(pred, "items[1].total_price").iou(doc.truth["items[26].total_price"].boxes[0]) >= 0.5
    assert _box(pred, "subtotal").page == 1 and _box(pred, "total_amount").page == 1
    assert pred.fields["invoice_id"].bucket in ("hi", "med")  # exact on its cited line: never low
    assert pred.fields["issuer_name"].boxes[0].content == "Northwind Supply Co."
    assert pred.fields["issuer_phone"].boxes[0].content == "(415) 555-0132"
    assert pred.fields["subtotal"].confidence < pred.fields["total_amount"].confidence
    out = pred.to_vlmrun()
    assert out["usage"]["total_tokens"] == 120 and out["usage"]["prompt_tokens"] == 100
    assert out["response"]["invoice_id_metadata"]["bboxes"][0]["page"] == 0


def test_wrong_line_is_found_elsewhere_with_less_confidence(fake: FakeOpenAI) -> None:
    doc = _doc()
    right = _vlm(fake.load(answer({"invoice_id": ("A-08304", ["A-08304"])})), doc)
    wrong = _vlm(fake.load(answer({"invoice_id": ("A-08304", ["Greenfield Dental Group"])})), doc)
    _box_ok(doc, wrong, "invoice_id")
    assert wrong.fields["invoice_id"].status == "exact"
    assert wrong.fields["invoice_id"].confidence < right.fields["invoice_id"].confidence
    unknown = _vlm(fake.load(answer({"invoice_id": ("A-08304", ["L9999"])})), doc)
    _box_ok(doc, unknown, "invoice_id")


def test_hallucinated_value_is_inferred_without_boxes_or_dropped_when_strict(fake: FakeOpenAI) -> None:
    doc = _doc()
    reply = answer(
        {"customer_name": ("Wayne Enterprises", ["Greenfield Dental Group"]), "invoice_id": ("A-08304", [])}
    )
    pred = _vlm(fake.load(reply), doc)
    res = pred.fields["customer_name"]
    assert res.value == "Wayne Enterprises" and res.status == "inferred" and res.bucket == "low"
    meta = pred.response()["customer_name_metadata"]
    assert meta["bboxes"] == [] and meta["confidence"] == "low"
    _box_ok(doc, pred, "invoice_id")  # no lines cited: found anywhere in the document

    strict = _vlm(fake.load(reply), doc, strict=True)
    assert "customer_name" not in strict.fields and strict.data.customer_name is None
    assert strict.response()["customer_name_metadata"] is None
    assert strict.fields["invoice_id"].value == "A-08304"


def test_invalid_json_and_misfit_answers_are_asked_again(fake: FakeOpenAI) -> None:
    doc = _doc()
    good = answer({"invoice_id": ("A-08304", ["A-08304"])})
    misfit = json.dumps({"total_amount": {"value": "lots", "lines": []}})
    pred = _vlm(fake.load("{not json", misfit, good), doc)
    assert len(fake.requests) == 3
    second, third = (prompt_text(r) for r in fake.requests[1:])
    assert "not valid JSON" in second
    assert "total_amount.value: expected number, got 'lots'" in third
    assert fake.requests[2]["messages"][-2] == {"role": "assistant", "content": misfit}
    assert pred.fields["invoice_id"].value == "A-08304"
    usage = pred.to_vlmrun()["usage"]
    assert (usage["prompt_tokens"], usage["completion_tokens"], usage["total_tokens"]) == (300, 60, 360)

    with pytest.raises(EngineError, match=r"no usable answer in 2 attempts: not valid JSON"):
        _vlm(fake.load("nope", "still nope"), doc, vlm_retries=1)

    with pytest.raises(EngineError, match=r"was cut off after 20 tokens"):
        _vlm(fake.load(Cut('{"invoice_id": {"value": "A-08'), "never asked"), doc)
    assert len(fake.requests) == 1


def test_numbers_and_dates_are_matched_after_normalization(fake: FakeOpenAI) -> None:
    doc = _doc(5)  # dates printed like "March 5, 2024", amounts like "1,234.50"
    issued = doc.truth["invoice_issue_date"].value
    item = next(k for k, f in doc.truth.items() if k.endswith("total_price") and f.value >= 1000)
    amount = doc.truth[item].value
    reply = answer({"invoice_issue_date": (issued, []), "subtotal": (doc.truth["subtotal"].value, [])})

    def model(body: dict[str, Any]) -> str:
        data = json.loads(reply(body))
        data["items"] = [{"total_price": {"value": amount, "lines": []}}]
        return json.dumps(data)

    pred = _vlm(fake.load(model), doc)
    for path in ("invoice_issue_date", "subtotal"):
        assert pred.fields[path].status == "exact"
        _box_ok(doc, pred, path)
    printed = pred.fields["invoice_issue_date"].boxes[0].content
    assert printed != issued and any(m in printed for m in ("January", "May", "June", "July", "October"))
    assert (
        pred.fields["subtotal"].boxes[0].content.startswith("$")
        and "," in pred.fields["subtotal"].boxes[0].content
    )
    assert pred.fields["items[0].total_price"].value == amount
    assert _box(pred, "items[0].total_price").iou(doc.truth[item].boxes[0]) >= 0.5


class Lite(BaseModel):
    invoice_id: str | None = Field(None, description="Invoice number")
    total_amount: float | None = Field(None, description="Total amount due")
    closing_remark: str | None = Field(None, description="The courtesy sentence at the very end")


def test_hybrid_asks_only_for_what_local_missed(fake: FakeOpenAI) -> None:
    doc = _doc()
    local = groundex.extract(doc.data, Lite)
    assert local.data.invoice_id == "A-08304" and local.fields["total_amount"].bucket != "low"
    assert "closing_remark" not in local.fields or local.fields["closing_remark"].bucket == "low"
    reply = answer({"closing_remark": ("Thank you for your business!", ["Thank you for your business!"])})
    pred = _vlm(fake.load(reply), doc, Lite, backend="hybrid", vlm_images=False)
    (request,) = fake.requests
    text = prompt_text(request)
    assert "- closing_remark (string)" in text
    assert "invoice_id" not in text and "total_amount" not in text
    assert list(request["response_format"]["json_schema"]["schema"]["properties"]) == ["closing_remark"]
    assert image_urls(request) == []
    assert pred.data.invoice_id == "A-08304" and pred.data.total_amount == 18591.52
    assert pred.data.closing_remark == "Thank you for your business!"
    assert (
        pred.fields["closing_remark"].status == "exact"
        and pred.fields["closing_remark"].boxes[0].bbox.page == 1
    )
    assert pred.to_vlmrun()["usage"]["total_tokens"] == 120


def test_hybrid_agreement_raises_support(fake: FakeOpenAI) -> None:
    from dataclasses import replace

    from groundex.load import load
    from groundex.locate.local import LocalLocator
    from groundex.read import read
    from groundex.resolve import resolve
    from groundex.schema import load_schema
    from groundex.vlm import VlmBackend, VlmConfig, hybrid_locate

    doc = _doc()
    schema = load_schema(Lite)
    with load(doc.data) as loaded:
        document = read(loaded)
    local = LocalLocator().locate(document, schema)
    cand = local["invoice_id"]
    faint = tuple(replace(w, confidence=0.2) for w in cand.pick.words)
    weak = replace(cand, score=0.0, margin=-1.0, label=(), pick=replace(cand.pick, words=faint))
    local["invoice_id"] = weak
    before = resolve({"invoice_id": weak})["invoice_id"]
    assert before.bucket == "low"
    backend = VlmBackend(VlmConfig("fake-vl", fake.base_url, images=False))
    fake.load(answer({"invoice_id": ("A-08304", ["A-08304"]), "closing_remark": (None, [])}))
    located, usage = hybrid_locate(local, document, schema, backend)
    assert "invoice_id" in prompt_text(fake.requests[0]) and usage.total_tokens == 120
    assert located["invoice_id"].support == weak.support + 1
    assert resolve(located)["invoice_id"].confidence > before.confidence


def test_chunks_by_page_and_merges_lists(fake: FakeOpenAI) -> None:
    doc = _doc()
    page0 = answer(
        {
            "invoice_id": ("A-08304", ["A-08304"]),
            "items": [{"description": ("Wi-Fi Access Point", ["Wi-Fi Access Point"])}],
        }
    )
    page1 = answer(
        {
            "total_amount": (18591.52, ["$18,591.52"]),
            "items": [
                {"description": ("Wireless Presenter", ["Wireless Presenter"])},
                {"description": ("Security audit (hours)", ["Security audit (hours)"])},
            ],
        }
    )
    pred = _vlm(fake.load(page0, page1), doc, vlm_chunk_pages=1)
    first, second = (prompt_text(r) for r in fake.requests)
    assert "\nPage 0\n" in first and "\nPage 1\n" not in first
    assert "\nPage 1\n" in second and "\nPage 0\n" not in second and "L114 " in second
    assert [len(image_urls(r)) for r in fake.requests] == [1, 1]
    assert [i.description for i in pred.data.items] == [
        "Wi-Fi Access Point",
        "Wireless Presenter",
        "Security audit (hours)",
    ]
    assert pred.data.invoice_id == "A-08304" and pred.data.total_amount == 18591.52
    assert pred.to_vlmrun()["usage"]["total_tokens"] == 240


def test_falls_back_to_json_object_when_json_schema_is_refused(fake: FakeOpenAI) -> None:
    doc = _doc()
    refused = Refuse(400, "response_format json_schema is not supported")
    good = answer({"invoice_id": ("A-08304", ["A-08304"])})
    pred = _vlm(fake.load(refused, Refuse(422, "unknown field schema"), good), doc)
    formats = [r["response_format"] for r in fake.requests]
    assert [f["type"] for f in formats] == ["json_schema", "json_object", "json_object"]
    assert formats[1]["schema"] == formats[0]["json_schema"]["schema"] and "schema" not in formats[2]
    assert pred.fields["invoice_id"].value == "A-08304"


@pytest.mark.parametrize(
    ("refusal", "needle"),
    [
        (Refuse(401, "Incorrect API key provided"), "rejected the api key (http 401)"),
        (Refuse(404, "The model `fake-vl` does not exist"), "model 'fake-vl' not found"),
        (Refuse(500, "CUDA out of memory"), "answered http 500: cuda out of memory"),
        (Refuse(400, "maximum context length is 8192 tokens"), "answered http 400: maximum context length"),
    ],
)
def test_server_errors_are_one_line(fake: FakeOpenAI, refusal: Refuse, needle: str) -> None:
    with pytest.raises(EngineError) as info:
        _vlm(fake.load(refusal, refusal, refusal), _doc())
    message = str(info.value)
    assert needle in message.lower() and "\n" not in message
    assert len(fake.requests) <= 2  # not re-sent with other output constraints


def test_timeout_is_retried_once_then_one_line(fake: FakeOpenAI) -> None:
    with pytest.raises(EngineError, match=r"did not answer within 0.5 s$"):
        _vlm(fake.load(Stall(1.5), Stall(1.5), Stall(1.5)), _doc(), vlm_timeout=0.5)
    assert len(fake.requests) == 2


def test_options_are_checked() -> None:
    from groundex.errors import UsageError

    with pytest.raises(UsageError, match="needs a model"):
        groundex.Extractor(backend="vlm")
    with pytest.raises(UsageError, match="unknown backend"):
        groundex.Extractor(backend="gpt", model="x")


def test_response_schema_wraps_every_leaf_and_reads_answers_back() -> None:
    from typing import Literal

    from groundex.schema import load_schema
    from groundex.vlm.response_schema import asked, json_schema, read_answer

    class Address(BaseModel):
        city: str | None = None

    class Card(BaseModel):
        sex: Literal["M", "F"] | None = None
        tags: list[str] = []
        address: Address | None = None

    tree = asked(load_schema(Card))
    js = json_schema(tree)
    assert js["properties"]["sex"]["properties"]["value"] == {
        "type": ["string", "null"],
        "enum": ["M", "F", None],
    }
    assert js["properties"]["tags"]["items"]["required"] == ["value", "lines"]
    assert js["properties"]["address"]["properties"]["city"]["properties"]["lines"]["type"] == "array"
    only_city = json_schema(asked(load_schema(Card), {"address.city"}))
    assert list(only_city["properties"]) == ["address"]

    data = {
        "sex": {"value": "X", "lines": []},
        "tags": [{"value": "a", "lines": ["L1"]}, "b"],
        "address": None,
    }
    answers, errors = read_answer(tree, data)
    assert [(a.path, a.value, a.lines) for a in answers] == [("tags[0]", "a", ("L1",)), ("tags[1]", "b", ())]
    assert errors == ["sex.value: expected one of M, F; got 'X'"]
    assert read_answer(tree, [])[1] == ["the answer must be a JSON object, not list"]
    assert read_answer(tree, {"tags": "a"})[1] == ["tags: expected an array, got str"]
