"""The local locator on hand-placed words: label/value geometry, typed values, groups, tables."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from groundex.locate.candidates import Page, _in_header_row
from groundex.locate.local import LocalLocator
from groundex.mend import split_glued
from groundex.schema import load_schema
from groundex.types import Document, Word
from tests.wordsheet import document, words_at


def _locate(doc, model):  # type: ignore[no-untyped-def]
    return LocalLocator().locate(doc, load_schema(model))


def _strings(**titles: str | None) -> dict[str, object]:
    """A JSON Schema of nullable string fields, each with its printed title (None: no title)."""
    fields: dict[str, dict[str, object]] = {}
    for name, title in titles.items():
        fields[name] = (
            {"type": ["string", "null"]} if title is None else {"type": ["string", "null"], "title": title}
        )
    return {"type": "object", "properties": fields}


class Card(BaseModel):
    license_number: str = Field(..., description="Driver's license number")
    date_of_birth: str = Field(..., description="Date of birth")
    expiration_date: str = Field(..., description="Expiration date of the license")
    eye_color: str | None = Field(None, description="Eye color code of the license holder")


def test_label_right_and_below() -> None:
    doc = document(
        words_at("DL D1234567", 0.05, 0.10),
        words_at("EXP 08/31/2029", 0.60, 0.10),
        words_at("DATE OF BIRTH", 0.05, 0.30, h=0.02),
        words_at("08/31/1977", 0.05, 0.34),
        words_at("EYES BRN", 0.60, 0.30),
    )
    got = _locate(doc, Card)
    assert got["license_number"].value == "D1234567"
    assert [w.text for w in got["license_number"].words] == ["D1234567"]
    assert got["expiration_date"].value == "2029-08-31"
    assert got["date_of_birth"].value == "1977-08-31"
    assert got["date_of_birth"].method == "label-below"
    assert got["eye_color"].value == "BRN"


class Invoice(BaseModel):
    class Item(BaseModel):
        description: str | None = Field(None, description="Description or name of the item")
        quantity: float | None = Field(None, description="Quantity of the item")
        unit_price: float | None = Field(None, description="Unit price of the item")
        total_price: float | None = Field(None, description="Total price of the item")

    invoice_id: str | None = Field(None, description="Unique invoice identifier or number")
    invoice_issue_date: date | None = Field(None, description="Date when the invoice was issued")
    invoice_due_date: date | None = Field(None, description="Date by which the invoice payment is due")
    items: list[Item] | None = None
    total_amount: float | None = Field(None, description="The final total amount of the invoice")


def test_invoice_fields_and_table() -> None:
    doc = document(
        words_at("Invoice #: INV-2024-0042", 0.55, 0.05),
        words_at("Invoice Date: 03/15/2024", 0.55, 0.09),
        words_at("Due Date: 04/14/2024", 0.55, 0.13),
        words_at("Description", 0.05, 0.30),
        words_at("Qty", 0.50, 0.30),
        words_at("Unit Price", 0.62, 0.30),
        words_at("Amount", 0.82, 0.30),
        words_at("Consulting hours", 0.05, 0.35),
        words_at("10", 0.50, 0.35),
        words_at("$150.00", 0.62, 0.35),
        words_at("$1,500.00", 0.82, 0.35),
        words_at("Hosting", 0.05, 0.40),
        words_at("1", 0.50, 0.40),
        words_at("$20.00", 0.62, 0.40),
        words_at("$20.00", 0.82, 0.40),
        words_at("Total: $1,520.00", 0.70, 0.50),
    )
    got = _locate(doc, Invoice)
    assert got["invoice_id"].value == "INV-2024-0042"
    assert got["invoice_issue_date"].value == "2024-03-15"
    assert got["invoice_due_date"].value == "2024-04-14"
    assert got["items[0].description"].value == "Consulting hours"
    assert got["items[0].quantity"].value == 10.0
    assert got["items[0].total_price"].value == 1500.0
    assert got["items[1].description"].value == "Hosting"
    assert got["items[1].unit_price"].value == 20.0
    assert "items[2].description" not in got
    assert got["total_amount"].value == 1520.0


def test_reading_values_is_memoized() -> None:
    from groundex.locate.roles import Role, find

    find.cache_clear()
    first = find(Role.MONEY, "Total due 5.00")
    assert find(Role.MONEY, "Total due 5.00") is first
    assert find.cache_info().hits == 1


def test_labels_printed_with_other_word_breaks() -> None:
    """A label whose words the form prints joined by hyphens or run together (``CAT-C-EXPENSES:`` for
    ``(15) CAT- C- EXPENSES``, ``SUB TOTAL`` for ``subtotal``) still labels its value."""
    schema = _strings(
        cat_c="(15) CAT- C- EXPENSES",
        cat_d="(16) CAT- D- EXPENSES",
        cat_i="(21) CAT- I- EXPENSES",
        tar='(9) "TAR"',
        subtotal=None,
    )
    doc = document(
        words_at("(15) CAT-C-EXPENSES: 741", 0.05, 0.10),
        words_at("(16) CAT-D-EXPENSES: 71,445", 0.05, 0.15),
        words_at('(9) "TAR": 11 mg', 0.05, 0.20),
        words_at("ICNE 0.8 mg (Jan. '85 Report)", 0.45, 0.20),
        words_at("(21) CAT-1-EXPENSES: 291,095", 0.05, 0.25),
        words_at("SUB TOTAL 12.50", 0.05, 0.30),
    )
    got = _locate(doc, schema)
    assert got["cat_c"].value == "741"
    assert [w.text for w in got["cat_c"].words] == ["741"]
    assert got["cat_d"].value == "71,445"
    assert got["cat_i"].value == "291,095"
    assert got["subtotal"].value == 12.5


def test_a_written_no_answer_is_the_answer_of_a_text_field() -> None:
    """``Unk.``, ``N/A``, ``As required`` filled in for a label whose name asks for a date, a number or an
    amount are the answer as printed when the schema asks for text; a field typed as a date or a number
    stays empty."""
    schema = {
        "type": "object",
        "properties": {
            "date_received": {"type": ["string", "null"], "title": "DATE RECEIVED"},
            "registry_number": {"type": ["string", "null"], "title": "REGISTRY NUMBER"},
            "date_wanted": {"type": ["string", "null"], "title": "DATE WANTED"},
            "date_shipped": {"type": ["string", "null"], "format": "date", "title": "DATE SHIPPED"},
            "lot_count": {"type": ["integer", "null"], "title": "LOT COUNT"},
        },
    }
    doc = document(
        words_at("DATE RECEIVED: Unk.", 0.05, 0.10),
        words_at("REGISTRY NUMBER: N/A", 0.05, 0.15),
        words_at("DATE WANTED: As required", 0.05, 0.20),
        words_at("DATE SHIPPED: Unknown", 0.05, 0.25),
        words_at("LOT COUNT: unknown", 0.05, 0.30),
    )
    got = _locate(doc, schema)
    assert got["date_received"].value == "Unk."
    assert [w.text for w in got["date_received"].words] == ["Unk."]
    assert got["registry_number"].value == "N/A"
    assert got["date_wanted"].value == "As required"
    assert [w.text for w in got["date_wanted"].words] == ["As", "required"]
    assert "date_shipped" not in got
    assert "lot_count" not in got


def test_free_text_under_its_label_runs_on_over_the_lines_below() -> None:
    """An answer written under its label over two lines is read whole; the next label ends it."""
    schema = _strings(nature_of_work="NATURE OF WORK", notes="NOTES")
    doc = document(
        words_at("NATURE OF WORK:", 0.05, 0.10, h=0.02),
        words_at("Advise if locally obtained Yucatan", 0.05, 0.13, h=0.02),
        words_at("tobacco is suitable for blending", 0.05, 0.155, h=0.02),
        words_at("NOTES:", 0.05, 0.18, h=0.02),
        words_at("None", 0.05, 0.205, h=0.02),
    )
    got = _locate(doc, schema)
    answer = "Advise if locally obtained Yucatan tobacco is suitable for blending"
    assert got["nature_of_work"].value == answer
    assert len({w.bbox.y for w in got["nature_of_work"].words}) == 2
    assert got["notes"].value == "None"


def test_a_row_header_names_its_row_of_figures() -> None:
    """A text field named by a table's row header holds the row's cells of figures of one shape; an
    identifier printed in groups of digits is read whole; a value followed by a cell of words stays alone."""
    schema = _strings(calls="RETAIL CALLS", account_number="Account Number", site="SITE")
    doc = document(
        words_at("RETAIL CALLS", 0.05, 0.10, h=0.02),
        words_at("23", 0.40, 0.10, h=0.02),
        words_at("21", 0.55, 0.10, h=0.02),
        words_at("15", 0.70, 0.10, h=0.02),
        words_at("(17)", 0.85, 0.10, h=0.02),
        words_at("Account Number", 0.05, 0.20, h=0.02),
        words_at("22 244 00", 0.40, 0.20, h=0.02),
        words_at("SITE", 0.05, 0.30, h=0.02),
        words_at("7", 0.40, 0.30, h=0.02),
        words_at("Richmond plant", 0.55, 0.30, h=0.02),
    )
    got = _locate(doc, schema)
    assert got["calls"].value == "23 21 15"  # (17) is another column's kind of figure
    assert got["account_number"].value == "22 244 00"
    assert got["site"].value == "7"


def test_a_column_header_names_its_column_of_figures() -> None:
    """Under a column header, the cells of figures of one shape make the answer of a text field, also of one
    whose name sounds like a number (``no_of_stores``); a figure of another shape below ends the column."""
    schema = _strings(no_of_stores="NO. OF STORES", name_of_account="NAME OF ACCOUNT", calls="CALLS")
    doc = document(
        words_at("NAME OF ACCOUNT", 0.04, 0.10, h=0.02),
        words_at("IND/LOR VOLUME", 0.30, 0.10, h=0.02),
        words_at("NO. OF STORES", 0.60, 0.10, h=0.02),
        words_at("CALLS", 0.85, 0.10, h=0.02),
        words_at("12", 0.86, 0.14, h=0.02),
        words_at("8", 0.86, 0.18, h=0.02),
        words_at("16", 0.86, 0.22, h=0.02),
        words_at("Chatham Oil (311-01)", 0.04, 0.14, h=0.02),
        words_at("139/27", 0.32, 0.14, h=0.02),
        words_at("23", 0.64, 0.14, h=0.02),
        words_at("Coastal Mart (210-06)", 0.04, 0.18, h=0.02),
        words_at("245/19", 0.32, 0.18, h=0.02),
        words_at("21", 0.64, 0.18, h=0.02),
        words_at("Family Fare (118-03)", 0.04, 0.22, h=0.02),
        words_at("223/25", 0.32, 0.22, h=0.02),
        words_at("460", 0.64, 0.22, h=0.02),
        words_at("TOTAL", 0.04, 0.26, h=0.02),
        words_at("607/71", 0.32, 0.26, h=0.02),
        words_at("1,504", 0.64, 0.26, h=0.02),
    )
    got = _locate(doc, schema)
    assert got["no_of_stores"].value == "23 21 460"
    assert got["calls"].value == "12 8 16"


def test_a_column_header_reads_the_cell_right_under_it() -> None:
    """A cell right under its column header outranks the next column's cell that a slanted scan prints a
    little higher, within the header's reach to the right."""
    schema = _strings(cost="Cost ($)", est_travel="Est. Travel", total_cost="Total Cost")
    doc = document(
        words_at("Supplier", 0.19, 0.230, h=0.014, char_w=0.007),
        words_at("Cost ($)", 0.42, 0.226, h=0.013, char_w=0.007),
        words_at("Est. Travel", 0.522, 0.224, h=0.014, char_w=0.007),
        words_at("Total Cost", 0.64, 0.221, h=0.014, char_w=0.007),
        words_at("Rabid Research", 0.08, 0.244, h=0.014, char_w=0.007),
        words_at("$55,500", 0.39, 0.234, h=0.014, char_w=0.007),
        words_at("3,000", 0.531, 0.235, h=0.014, char_w=0.007),
        words_at("58,500", 0.648, 0.233, h=0.014, char_w=0.007),
    )
    got = _locate(doc, schema)
    assert got["est_travel"].value == "3,000"
    assert [w.text for w in got["total_cost"].words] == ["58,500"]
    # a label with its value beside it heads no column: under it is the nearest line, as for any label
    sheet = document(
        words_at("TOTAL", 0.46, 0.534, h=0.02, char_w=0.012),
        words_at("9.52", 0.56, 0.534, h=0.02, char_w=0.012),
        words_at("CREDIT CARD", 0.34, 0.559, h=0.02, char_w=0.012),
        words_at("9.52", 0.56, 0.556, h=0.02, char_w=0.012),
    )
    page = Page(list(sheet.pages[0].lines))
    total = next(ln for ln in page.lines if ln.text == "TOTAL")
    assert not _in_header_row(page, total)
    under = page.below(total.words, cell=_in_header_row(page, total))
    assert under is not None and under.text == "9.52"


def test_a_string_field_reads_figures_of_another_kind_than_its_name_suggests() -> None:
    """``committed_to_date`` sounds like a date; its label is followed by an amount, which a plain string
    field takes as printed. A real date after the date label still reads as a date."""
    schema = _strings(committed_to_date="Committed to Date", date="Date", telephone="Telephone")
    doc = document(
        words_at("Date: 3/3/87", 0.05, 0.10, h=0.02),
        words_at("Committed to Date", 0.05, 0.20, h=0.02),
        words_at("146,925", 0.40, 0.20, h=0.02),
        words_at("Telephone 6926", 0.05, 0.30, h=0.02),
    )
    got = _locate(doc, schema)
    assert got["committed_to_date"].value == "146,925"
    assert got["date"].value == "1987-03-03"
    assert got["telephone"].value == "6926"


def test_a_key_asking_for_a_number_is_no_answer() -> None:
    """The next box's key to the right of a label (``AUTHORIZATION NO.``, ``BUDGET NO.``) is no answer: the
    answer is the one typed under the label."""
    schema = _strings(location="LOCATION", requisitioner="REQUISITIONER")
    doc = document(
        words_at("LOCATION", 0.34, 0.083, h=0.010),
        words_at("AUTHORIZATION NO.", 0.63, 0.085, h=0.010),
        words_at("STAMFORD, CT", 0.43, 0.097, h=0.010),
        words_at("DATE OF REQUISITION", 0.05, 0.107, h=0.010),
        words_at("REQUISITIONER", 0.34, 0.111, h=0.010),
        words_at("BUDGET NO.", 0.63, 0.113, h=0.010),
        words_at("January 3, 1995", 0.09, 0.125, h=0.010),
        words_at("Mr. G. Schumacher", 0.34, 0.125, h=0.010),
    )
    got = _locate(doc, schema)
    assert got["location"].value == "STAMFORD, CT"
    assert got["requisitioner"].value == "Mr. G. Schumacher"


def test_the_second_line_of_a_label_is_no_answer() -> None:
    """A column header printed over two lines (``Cost Per`` / ``Interview``) heads its figures, not its own
    second line; a label's second line alone (``1987 BUDGET`` under ``PAID OUT OF``) answers nothing."""
    schema = _strings(
        cost_per_interview="Cost Per Interview", paid_out_of_1987_budget="PAID OUT OF 1987 BUDGET"
    )
    doc = document(
        words_at("Supplier", 0.13, 0.195),
        words_at("Total Cost", 0.55, 0.195),
        words_at("Cost Per", 0.73, 0.182),
        words_at("Interview", 0.73, 0.195),
        words_at("Kapuler", 0.10, 0.223),
        words_at("$35,675", 0.55, 0.223),
        words_at("$84.2", 0.72, 0.223),
        words_at("Market Facts", 0.10, 0.251),
        words_at("$37,000", 0.55, 0.251),
        words_at("$87.5", 0.72, 0.251),
        words_at("PAID OUT OF", 0.10, 0.60),
        words_at("1987 BUDGET", 0.10, 0.615),
    )
    got = _locate(doc, schema)
    assert got["cost_per_interview"].value == "$84.2 $87.5"
    assert "paid_out_of_1987_budget" not in got


def test_labels_with_dash_leaders_to_their_answers() -> None:
    """Dashes run from each label to its answer, glued to the label's last word (``closures---``)."""
    schema = _strings(circumference="Circumference", closures="Closures", tear_tape="Tear Tape")
    doc = document(
        words_at("circumference--- 25.3 mm.", 0.10, 0.357),
        words_at("closures--- Standard Blue", 0.56, 0.472),
        words_at("Tear Tape-- Gold", 0.55, 0.489),
    )
    got = _locate(doc, schema)
    assert [got[f].value for f in ("circumference", "closures", "tear_tape")] == [
        "25.3 mm.",
        "Standard Blue",
        "Gold",
    ]


def test_a_row_that_repeats_its_answer_in_each_column() -> None:
    """A specification sheet gives each row's answer once per column: the answer is every cell that says the
    same words (as read), not a mark in another option's column."""
    schema = _strings(porosity="Porosity", supplier_s="Supplier(s)", montana="Montana")
    doc = document(
        words_at("Supplier(s)", 0.09, 0.678),
        words_at("ECUSTA/B&W", 0.47, 0.679),
        words_at("ECUSTA/B &W", 0.72, 0.678),
        words_at("Porosity", 0.09, 0.785),
        words_at("Non Porous", 0.47, 0.786),
        words_at("Non Porous", 0.72, 0.786),
        words_at("Montana", 0.09, 0.90),
        words_at("x", 0.47, 0.90),
        words_at("x", 0.72, 0.90),
    )
    got = _locate(doc, schema)
    assert got["porosity"].value == "Non Porous Non Porous"
    assert got["supplier_s"].value == "ECUSTA/B&W ECUSTA/B &W"
    assert got["montana"].value == "x"


def test_an_answer_wrapped_back_to_the_margin_under_its_label() -> None:
    """An answer typed after its label on a full line goes on at the form's margin, under the label, up to the
    next question; a short answer does not take the next key's line, nor a line of dot or dash leaders."""
    schema = _strings(explain="Explain", labels="Labels", closures="Closures")
    doc = document(
        words_at("*EXPLAIN: Chain stores will not accept multiple Newport Promotions", 0.16, 0.707, h=0.015),
        words_at("(Tier system) at the same time.", 0.16, 0.730, h=0.015),
        words_at("SHOULD PROMOTION BE REPEATED?", 0.16, 0.760, h=0.015),
        words_at("X NO", 0.63, 0.760, h=0.015),
        words_at("Labels: OLD GOLD STRAIGHT", 0.16, 0.40, h=0.015),
        words_at("closures--- Standard Blue", 0.16, 0.42, h=0.015),
    )
    got = _locate(doc, schema)
    assert got["explain"].value == (
        "Chain stores will not accept multiple Newport Promotions (Tier system) at the same time."
    )
    assert got["labels"].value == "OLD GOLD STRAIGHT"
    # the label the field names starts inside its line: the paragraph wraps back to where the line starts
    improved = _locate(
        document(
            words_at(
                "IF YES, CAN IT BE IMPROVED? Sell more sunglasses and give out coupons", 0.16, 0.82, h=0.015
            ),
            words_at("at the counter of each store in town.", 0.16, 0.845, h=0.015),
        ),
        _strings(can_it_be_improved="Can it be improved"),
    )
    assert improved["can_it_be_improved"].value == (
        "Sell more sunglasses and give out coupons at the counter of each store in town."
    )


def test_a_label_glued_to_its_value_by_a_mark() -> None:
    """The reader joined a label and its value through the mark between them (``DIVISION_Analytical``,
    ``TEL.0323.30652``, ``FULL_X_``): the label takes the mark, the value is the rest; a dotted abbreviation
    (``V.O.C.s``) is no label glued to a value."""
    schema = _strings(division="Division", tel="Tel", full="Full", v="V")
    doc = document(
        words_at("NAME: _Ronald.W.Davis", 0.07, 0.12),
        words_at("DIVISION_Analytical-Radiochemistry.", 0.51, 0.12),
        words_at("TEL.0323.30652", 0.28, 0.18),
        words_at("FULL_X_", 0.29, 0.22),
        words_at("PARTIAL", 0.56, 0.22),
        words_at("Total V.O.C.s", 0.07, 0.30),
    )
    got = _locate(doc, schema)
    assert got["division"].value == "Analytical-Radiochemistry."
    assert got["tel"].pick.text == "0323.30652"
    assert got["full"].value == "X"
    assert "v" not in got


def test_due_after_a_thing_that_is_no_amount_says_when() -> None:
    """``Final Report Due`` asks when the report is due: its answer is read as printed (``Jan. 1985``,
    ``11/16/87``), not looked for as an amount; ``Balance Due`` is still one."""
    schema = _strings(
        final_report_due="Final Report Due", proposal_due="Proposal Due", balance_due="Balance Due"
    )
    doc = document(
        words_at("Field Complete", 0.06, 0.46, h=0.012),
        words_at("Dec. 1984", 0.28, 0.46, h=0.012),
        words_at("Final Report Due", 0.06, 0.48, h=0.012),
        words_at("Jan. 1985", 0.28, 0.48, h=0.012),
        words_at("Proposal Due 11/16/87", 0.06, 0.52, h=0.012),
        words_at("Balance Due", 0.06, 0.60, h=0.012),
        words_at("$1,250.00", 0.28, 0.60, h=0.012),
    )
    got = _locate(doc, schema)
    assert got["final_report_due"].pick.text == "Jan. 1985"
    assert got["proposal_due"].pick.text == "11/16/87"
    assert got["balance_due"].value == 1250.0


def test_an_answer_that_is_one_of_the_options_its_label_offers() -> None:
    """``PACK`` after ``PACK AND OR/CARTON`` answers it (it is no second print of the label, nor of its own
    words); ``Carton`` after ``Pack and/or carton`` too; the label's slashed words are all the label's."""
    schema = _strings(
        pack_and_or_carton="PACK AND OR/CARTON",
        tax_status_paid_or_free="Tax Status Paid or Free",
        advertising_creative_theme="ADVERTISING CREATIVE THEME",
    )
    doc = document(
        words_at("COUPON VALUE", 0.13, 0.56, h=0.012),
        words_at("$.50", 0.40, 0.56, h=0.012),
        words_at("PACK AND OR/CARTON", 0.13, 0.593, h=0.012),
        words_at("PACK", 0.40, 0.593, h=0.012),
        words_at("ADVERTISING CREATIVE THEME", 0.13, 0.625, h=0.012),
        words_at("Tax Status Paid or Free:", 0.13, 0.70, h=0.012),
        words_at("Free", 0.60, 0.70, h=0.012),
    )
    got = _locate(doc, schema)
    assert got["pack_and_or_carton"].pick.text == "PACK"
    assert got["tax_status_paid_or_free"].pick.text == "Free"
    assert "advertising_creative_theme" not in got


def test_a_short_key_whose_colon_the_reader_read_as_a_one() -> None:
    """``TO1`` is ``TO:``: its value is the rest of its line, not the ``to`` inside a sentence below."""
    schema = _strings(to="TO", from_="FROM")
    doc = document(
        words_at("FROM: THOM SMITH", 0.14, 0.175, h=0.012),
        words_at("TO1 VINCE LOSITO", 0.14, 0.205, h=0.012),
        words_at("PLEASE INDICATE WHICH COUPONS TO VOID.", 0.14, 0.40, h=0.012),
    )
    got = _locate(doc, schema)
    assert got["to"].pick.text == "VINCE LOSITO"


def test_an_answer_typed_a_little_below_its_label_alone_on_its_row() -> None:
    """The typewriter put ``25,461`` half a line under ``CIRCULATION``, right of it and alone on its row; a
    line above the label is no answer to it."""
    schema = _strings(circulation="CIRCULATION", physical_state="PHYSICAL STATE")
    doc = document(
        words_at("COUPON EXPIRATION DATE", 0.13, 0.413, h=0.011),
        words_at("11/30/93", 0.40, 0.414, h=0.011),
        words_at("CIRCULATION", 0.13, 0.462, h=0.011),
        words_at("25,461", 0.41, 0.476, h=0.011),
        words_at("B164", 0.40, 0.60, h=0.011),
        words_at("PHYSICAL STATE", 0.13, 0.615, h=0.011),
        words_at("Brownish-gray powder", 0.13, 0.63, h=0.011),
    )
    got = _locate(doc, schema)
    assert got["circulation"].pick.text == "25,461"
    assert got["physical_state"].pick.text == "Brownish-gray powder"


def test_a_code_field_is_labelled_by_its_whole_name() -> None:
    """``PROJECT CODE`` is no ``PROJECT``: the form's title (``PROJECT INITIATION FORM``) labels no code."""
    schema = _strings(project_code="PROJECT CODE", compound_code="COMPOUND CODE")
    doc = document(
        words_at("PROJECT INITIATION FORM", 0.38, 0.186, h=0.012),
        words_at("PROJECT CODE", 0.15, 0.275, h=0.012),
        words_at("BD-FF", 0.36, 0.274, h=0.012),
        words_at("DATE April 30, 1985", 0.58, 0.273, h=0.012),
        words_at("COMPOUND STRUCTURE", 0.15, 0.35, h=0.012),
        words_at("COMPOUND CODE B83", 0.15, 0.40, h=0.012),
    )
    got = _locate(doc, schema)
    assert got["project_code"].value == "BD-FF"
    assert got["compound_code"].value == "B83"


def test_a_label_printed_with_the_small_words_its_name_leaves_out() -> None:
    """``adjusted_total_cost_of_project`` is printed ``ADJUSTED TOTAL COST OF PROJECI:`` (the reader misread
    its last letter): the whole label matches through its ``OF``, so the amount after it is its answer and the
    ``PROJECT No.`` up the page keeps its own."""
    schema = _strings(
        adjusted_total_cost_of_project="ADJUSTED TOTAL COST OF PROJECT", project_no="PROJECT No."
    )
    doc = document(
        words_at("CHANGE OF AUTHORIZED COST", 0.38, 0.02, h=0.012),
        words_at("PROJECT No. 1984-175NP", 0.57, 0.05, h=0.012),
        words_at("PROJECT NAME: GEMINI AWARENESS MONITOR", 0.11, 0.10, h=0.012),
        words_at("ADJUSTED TOTAL COST OF PROJECI:", 0.10, 0.256, h=0.012),
        words_at("221,000", 0.64, 0.259, h=0.012),
    )
    got = _locate(doc, schema)
    assert got["adjusted_total_cost_of_project"].value == "221,000"
    assert got["project_no"].value == "1984-175NP"


def test_a_phone_word_before_another_noun_names_no_phone() -> None:
    """``Phone Booth`` is a booth: its answers (``:20`` seconds, three times) are read as printed, not looked
    for as phone numbers; ``our_fax_number_is`` still reads one."""
    schema = _strings(
        phone_booth="Phone Booth",
        phone_booth_2="Phone Booth (2)",
        phone_booth_3="Phone Booth (3)",
        our_fax_number_is="Our fax number is",
    )
    doc = document(
        words_at("Phone Booth", 0.18, 0.50, h=0.012),
        words_at(":20", 0.39, 0.50, h=0.012),
        words_at("Phone Booth", 0.18, 0.52, h=0.012),
        words_at(":30", 0.39, 0.52, h=0.012),
        words_at("Phone Booth", 0.18, 0.54, h=0.012),
        words_at(":60", 0.39, 0.54, h=0.012),
        words_at("Our fax number is (919) 373-6917", 0.10, 0.70, h=0.012),
    )
    got = _locate(doc, schema)
    assert [got[f"phone_booth{n}"].value for n in ("", "_2", "_3")] == ["20", "30", "60"]
    assert got["our_fax_number_is"].value == "+19193736917"


def test_a_value_typed_a_little_above_its_label_before_the_next_label() -> None:
    """A typed answer sits half a line above its label, and the next label follows on the label's row: the
    answer between them is still the label's."""
    schema = _strings(color="Color", quality_of_bloom="Quality of Bloom")
    doc = document(
        words_at("White", 0.34, 0.165, h=0.010),
        words_at("Color:", 0.06, 0.173, h=0.010),
        words_at("Quality of Bloom:", 0.53, 0.173, h=0.010),
        words_at("Good", 0.81, 0.173, h=0.010),
    )
    assert len({line.row for line in doc.pages[0].lines}) == 2
    got = _locate(doc, schema)
    assert got["color"].value == "White"
    assert got["quality_of_bloom"].value == "Good"


def test_answers_typed_a_line_above_their_labels() -> None:
    """A typewriter put each answer over the rule, a line above its label: the label takes the answer whose
    middle is nearest its own, above it, not the next answer down, which belongs to the next label."""
    schema = _strings(agency="Agency", client="Client", product="Product")
    doc = document(
        words_at("BBDO Inc.", 0.22, 0.222, h=0.009),
        words_at("Agency:", 0.09, 0.236, h=0.010),
        words_at("American Tobacco Co.", 0.22, 0.331, h=0.010),
        words_at("Client:", 0.10, 0.343, h=0.011),
        words_at("Tareyton Cigarettes", 0.22, 0.380, h=0.012),
        words_at("Product:", 0.10, 0.399, h=0.009),
    )
    assert len({line.row for line in doc.pages[0].lines}) == 6
    got = _locate(doc, schema)
    assert got["agency"].value == "BBDO Inc."
    assert got["client"].value == "American Tobacco Co."
    assert got["product"].value == "Tareyton Cigarettes"


def test_captions_printed_under_their_answers() -> None:
    """A form that prints its captions under the answers' rules (``DATE ISSUED`` under ``Oct. 11, 1983``,
    ``REGULAR`` / ``ILLUMINATED`` / ``TOTAL`` under a row of counts): a caption with nothing after it or
    under it takes the answer right above it, starting in its column; a caption under another label's answer
    (``Name: J. Smith`` over ``Phone``) stays blank. A mark over an option's caption outranks the next
    option's caption after it (``x`` over ``MALE``, then ``FEMALE``)."""
    schema = _strings(
        date_issued="DATE ISSUED",
        project_no="PROJECT NO.",
        regular="REGULAR",
        illuminated="ILLUMINATED",
        total="TOTAL",
        name="Name",
        phone="Phone",
        male="MALE",
    )
    doc = document(
        words_at("Oct. 11, 1983", 0.16, 0.134, h=0.011),
        words_at("642-138", 0.78, 0.137, h=0.011),
        words_at("DATE ISSUED", 0.06, 0.150, h=0.010),
        words_at("PROJECT NO.", 0.62, 0.151, h=0.010),
        words_at("5", 0.42, 0.423, h=0.011),
        words_at("45", 0.60, 0.424, h=0.011),
        words_at("54", 0.79, 0.421, h=0.011),
        words_at("REGULAR", 0.38, 0.440, h=0.010),
        words_at("ILLUMINATED", 0.56, 0.440, h=0.010),
        words_at("TOTAL", 0.78, 0.440, h=0.010),
        words_at("Name:", 0.06, 0.700, h=0.010),
        words_at("J. Smith", 0.16, 0.700, h=0.010),
        words_at("Phone", 0.16, 0.716, h=0.010),
        words_at("x", 0.48, 0.840, h=0.010),
        words_at("MALE", 0.44, 0.851, h=0.010),
        words_at("FEMALE", 0.56, 0.851, h=0.010),
    )
    got = _locate(doc, schema)
    assert got["date_issued"].value == "1983-10-11"
    assert got["project_no"].value == "642-138"
    assert [got[k].value for k in ("regular", "illuminated", "total")] == ["5", "45", 54.0]
    assert got["name"].value == "J. Smith"
    assert "phone" not in got
    assert got["male"].value == "x"


def test_a_value_never_starts_with_a_linking_word() -> None:
    """``CHANGE OF AUTHORIZED COST`` is one heading: ``OF AUTHORIZED COST`` is no answer to ``This Change``,
    whose answer follows its own label."""
    schema = _strings(this_change="This Change: (From Current Budget)")
    doc = document(
        words_at("CHANGE OF AUTHORIZED COST", 0.35, 0.044, h=0.012),
        words_at("This Change:", 0.41, 0.413, h=0.011),
        words_at("+58,500", 0.69, 0.408, h=0.011),
        words_at("(From Current Budget)", 0.41, 0.424, h=0.011),
    )
    assert _locate(doc, schema)["this_change"].value == "+58,500"


def test_a_label_word_glued_to_the_value_through_a_mark() -> None:
    """``Samplc No.6030``: the label's last word glued to the answer through a dot is the label's, even when
    the reader misread the word before it."""
    schema = _strings(sample_no="Sample No.", registration_no="Registration No.")
    doc = document(
        words_at("Samplc No.6030", 0.06, 0.20),
        words_at("Registration No.533", 0.06, 0.30),
    )
    got = _locate(doc, schema)
    assert (got["sample_no"].value, got["registration_no"].value) == ("6030", "533")


def test_a_lower_case_label_word_glued_to_a_capitalized_value() -> None:
    """``Received byMark Ahearn``: the reader dropped the space after the label's last word; the label takes
    it, the answer is the capitalized rest (a name spelled ``deLacy`` elsewhere stays whole)."""
    schema = _strings(
        received_by="Received by",
        division_s_to_be_contacted="Division(s) to be contacted",
        attendee="Attendee",
    )
    doc = document(
        words_at("Received byMark Ahearn", 0.06, 0.20),
        words_at("Division(s) to be contactedBoston", 0.06, 0.30),
        words_at("Attendee: John deLacy", 0.06, 0.40),
    )
    got = _locate(doc, schema)
    assert got["received_by"].value == "Mark Ahearn"
    assert got["division_s_to_be_contacted"].value == "Boston"
    assert got["attendee"].value == "John deLacy"


def test_a_phone_number_glued_to_the_next_label() -> None:
    """``PHONE NUMBER: (201) 923-9208BEEPER NUMBER: (201) 698-1780``: the reader ran the first number into
    the next label; the phone number is the one after its own label."""
    schema = _strings(phone_number="PHONE NUMBER", beeper_number="BEEPER NUMBER")
    doc = document(
        list(split_glued(words_at("PHONE NUMBER: (201) 923-9208BEEPER NUMBER: (201) 698-1780", 0.2, 0.8)))
    )
    got = _locate(doc, schema)
    assert got["phone_number"].pick.text == "(201) 923-9208"
    assert got["beeper_number"].pick.words[-1].text == "698-1780"


def test_figures_glued_to_a_repeated_label_are_its_own_answer() -> None:
    """The second ``Date`` is printed ``Date_5-13-81``: the date is the second field's answer, though the
    first field's label is printed the same way."""
    schema = _strings(date="Date", date_2="Date (2)")
    doc = document(
        words_at("Date 5-13-81", 0.69, 0.155),
        words_at("Authorized by Dr. Connie Stone", 0.13, 0.284),
        words_at("Date_5-13-81 Method Verbal-Phone", 0.53, 0.281),
    )
    got = _locate(doc, schema)
    assert got["date"].pick.words[0].bbox.y < 0.2
    assert got["date_2"].pick.text == "5-13-81" and got["date_2"].pick.words[0].bbox.y > 0.2


def test_another_fields_label_is_never_a_value() -> None:
    """A blank answer stays blank: the words of another field's label (``Maker`` of ``Type of Maker``) are
    not read as this field's value through a partial label (``Type of``)."""
    schema = _strings(type_of_rod="Type of Rod", type_of_maker="Type of Maker")
    doc = document(words_at("Type of Rod", 0.06, 0.30), words_at("Type of Maker AMF", 0.06, 0.50))
    got = _locate(doc, schema)
    assert "type_of_rod" not in got
    assert got["type_of_maker"].value == "AMF"


def test_a_mark_put_before_an_option_is_its_value() -> None:
    """A cross typed on the blank before an option (``X_ High``) answers that option, and a check box
    answers a yes/no field; an ``X`` in prose (``USE X TO INDICATE``) neither answers ``TO`` nor makes a
    label of it."""
    schema = _strings(to="TO", high="High", medium="Medium")
    doc = document(
        words_at("TO: R. H. ORCUTT", 0.06, 0.10),
        list(split_glued(words_at("X_High", 0.06, 0.30))),
        words_at("_ Medium", 0.06, 0.40),
        words_at("USE X TO INDICATE A VOID", 0.06, 0.60),
    )
    got = _locate(doc, schema)
    assert got["to"].value == "R. H. ORCUTT"
    assert got["high"].value == "X" and [w.text for w in got["high"].words] == ["X_"]
    assert "medium" not in got

    class Form(BaseModel):
        original: bool | None = None
        corrected: bool | None = None

    ticked = _locate(
        document(words_at("ROTARY ☑", 0.50, 0.30), words_at("WALL □", 0.20, 0.30)), _strings(rotary="ROTARY")
    )
    assert ticked["rotary"].value == "☑"

    forms = document(words_at("☑ ORIGINAL", 0.06, 0.10), words_at("☐ CORRECTED", 0.06, 0.20))
    answers = _locate(forms, Form)
    assert answers["original"].value is True and answers["original"].words[0].text == "☑"
    assert answers["corrected"].value is False and answers["corrected"].words[0].text == "☐"


def test_a_mark_typed_after_an_option_is_its_value_not_the_next_option() -> None:
    """``Yes X No``: the cross on the blank after ``Yes`` answers it; ``No`` is the next option's label."""
    doc = document(
        words_at("Research Req. Attached:", 0.30, 0.12),
        words_at("Yes", 0.62, 0.128),
        words_at("X No", 0.69, 0.123),
        words_at("Sex: Male X FEMALE", 0.06, 0.30),
    )
    got = _locate(doc, _strings(yes="Yes", no="No", male="Male", female="FEMALE"))
    assert got["yes"].value == "X" and got["male"].value == "X"
    assert "no" not in got and "female" not in got


def test_an_option_marked_on_some_row_is_answered_by_marks_only() -> None:
    """Rows of options (``POOR FAIR GOOD``) under several questions: an option that a mark answers on one row
    (``ACCEPTANCE: X POOR``, the cross after a label's colon) is answered by marks only, not by the next
    option's label on a row left blank; a question that merely contains an option's word keeps its text."""
    doc = document(
        words_at("CHAIN ACCEPTANCE: N/A", 0.15, 0.38),
        words_at("POOR", 0.44, 0.38),
        words_at("FAIR", 0.53, 0.38),
        words_at("GOOD", 0.63, 0.38),
        words_at("INDEPENDENT ACCEPTANCE: X POOR", 0.16, 0.42),
        words_at("FAIR", 0.53, 0.42),
        words_at("GOOD", 0.63, 0.42),
        words_at("WERE QUANTITIES APPROPRIATE?", 0.16, 0.68),
        words_at("X YES", 0.50, 0.68),
        words_at("IF YES, CAN IT BE IMPROVED? Larger glasses.", 0.16, 0.84),
    )
    got = _locate(doc, _strings(poor="POOR", if_yes_can_it_be_improved="IF YES, CAN IT BE IMPROVED?"))
    assert got["poor"].value == "X" and abs(got["poor"].words[0].bbox.y - 0.42) < 0.01
    assert got["if_yes_can_it_be_improved"].value == "Larger glasses."


def test_a_label_printed_as_a_key_elsewhere_outranks_its_words_in_another_key() -> None:
    """``Original:`` is where the answer to ``Original`` is; ``Original Budgeted`` is another key, whose next
    word is no answer (amounts keep their own ranking)."""
    doc = document(
        words_at("Original Budgeted", 0.06, 0.20),
        words_at("$0", 0.40, 0.20),
        words_at("Original: Project File", 0.06, 0.50),
    )
    assert _locate(doc, _strings(original="Original"))["original"].value == "Project File"


class Address(BaseModel):
    street: str | None = Field(None, description="Street address")
    city: str | None = Field(None, description="City")
    state: str | None = Field(None, description="State, province, or region")
    postal_code: str | None = Field(None, description="Postal or ZIP code")
    country: str | None = Field(None, description="Country")


class Bank(BaseModel):
    bank_name: str | None = Field(None, description="Name of the bank")
    account_holder_name: str | None = Field(None, description="Name of the account holder")
    swift_bic: str | None = Field(None, description="SWIFT/BIC code")


class Bill(BaseModel):
    issuer_name: str | None = Field(None, description="Name of the invoice issuer (company or individual)")
    issuer_address: Address | None = None
    issuer_email: str | None = Field(None, description="Email address of the invoice issuer")
    customer_name: str | None = Field(
        None, description="Name of the invoice recipient (company or individual)"
    )
    customer_billing_address: Address | None = None
    customer_shipping_address: Address | None = None
    discount_amount: float | None = Field(
        None, description="Total discount amount applied to the invoice subtotal"
    )
    discount_description: str | None = Field(None, description="Description of the discount applied")
    tax_amount: float | None = Field(None, description="Total tax amount for the invoice")
    total_amount: float | None = Field(None, description="The final total amount of the invoice")
    amount_paid: float | None = Field(
        None, description="Amount already paid by the customer towards this invoice"
    )
    bank_details: Bank | None = Field(None, description="Bank account details for payment transfers")


def _bill(email: str) -> list[list[Word]]:
    return [
        words_at("Northwind Supply Co.", 0.06, 0.05),
        words_at("450 Market Street", 0.06, 0.09),
        words_at("San Francisco, CA 94105", 0.06, 0.12),
        words_at(email, 0.06, 0.15),
        words_at("Invoice #:", 0.60, 0.12),
        words_at("INV-7", 0.80, 0.12),
        words_at("Date:", 0.60, 0.15),
        words_at("Due Date:", 0.60, 0.18),
        words_at("Bill To:", 0.06, 0.24),
        words_at("Harbor View Hotel", 0.06, 0.27),
        words_at("900 Bay Street", 0.06, 0.30),
        words_at("Tampa, FL 33602", 0.06, 0.33),
        words_at("Description", 0.06, 0.42),
        words_at("Qty", 0.50, 0.42),
        words_at("Unit Price", 0.62, 0.42),
        words_at("Amount", 0.84, 0.42),
        words_at("Security audit", 0.06, 0.46),
        words_at("4", 0.50, 0.46),
        words_at("142.50", 0.62, 0.46),
        words_at("570.00", 0.84, 0.46),
        words_at("Rack shelf", 0.06, 0.50),
        words_at("2", 0.50, 0.50),
        words_at("40.00", 0.62, 0.50),
        words_at("80.00", 0.84, 0.50),
        words_at("Tax (6.5%)", 0.62, 0.58),
        words_at("$42.25", 0.84, 0.58),
        words_at("Total", 0.62, 0.62),
        words_at("$692.25", 0.84, 0.62),
        words_at("Thank you for your business!", 0.06, 0.75),
    ]


def test_an_invoice_fills_only_the_fields_it_prints() -> None:
    """Fields the invoice does not print stay empty: no country read from the line under an address, no
    shipping address made of labels and dates, no bank details from the header, no discount or payment read
    through a table's column header (``Description``, ``Amount``). The tax amount is a part of the total, not
    a total; the customer is whom the bill is to; a name on the line before the street is not the street."""
    got = _locate(document(*_bill("billing@northwind.example")), Bill)
    assert got["tax_amount"].value == 42.25
    assert got["total_amount"].value == 692.25
    assert got["issuer_name"].value == "Northwind Supply Co."
    assert got["issuer_email"].value == "billing@northwind.example"
    assert got["issuer_address.street"].value == "450 Market Street"
    assert got["customer_name"].value == "Harbor View Hotel"
    assert got["customer_billing_address.street"].value == "900 Bay Street"
    assert got["customer_billing_address.city"].value == "Tampa"
    empty = {
        "issuer_address.country",
        "customer_billing_address.country",
        "customer_shipping_address.street",
        "customer_shipping_address.city",
        "customer_shipping_address.country",
        "discount_amount",
        "discount_description",
        "amount_paid",
        "bank_details.bank_name",
        "bank_details.account_holder_name",
        "bank_details.swift_bic",
    }
    assert not empty & set(got), {k: got[k].value for k in empty & set(got)}
    split = _locate(document(*_bill("accounts @northwind.example")), Bill)
    assert split["issuer_email"].value == "accounts@northwind.example"
    assert "bank_details.account_holder_name" not in split


def test_a_card_payment_line_gives_the_card_and_its_last_digits() -> None:
    """``VISA ****1234`` under the total: the tender and the masked card's last four digits; an address
    centred over the lines of a receipt is still read as one block, and the payment line is not part of it."""

    class Payment(BaseModel):
        type: str | None = Field(None, description="Type of payment (e.g., cash, credit card, debit card)")
        card_last_4: str | None = Field(None, description="Last 4 digits of the card if applicable")

    class Receipt(BaseModel):
        merchant_name: str | None = Field(None, description="Name of the merchant")
        merchant_address: Address | None = None
        total: float | None = Field(None, description="Total amount paid")
        payment_method: Payment | None = Field(None, description="Method of payment")

    doc = document(
        words_at("CORNER BEAN CAFE", 0.32, 0.05),
        words_at("77 MAIN ST", 0.38, 0.09),
        words_at("BURLINGTON, VT 05401", 0.28, 0.12),
        words_at("LATTE", 0.10, 0.25),
        words_at("4.50", 0.80, 0.25),
        words_at("TOTAL", 0.10, 0.30),
        words_at("4.50", 0.80, 0.30),
        words_at("VISA ****1234", 0.10, 0.34),
        words_at("4.50", 0.80, 0.34),
        words_at("APPROVED AUTH 913307", 0.10, 0.38),
    )
    got = _locate(doc, Receipt)
    assert got["payment_method.type"].value == "VISA"
    assert got["payment_method.card_last_4"].value == "1234"
    assert [w.text for w in got["payment_method.card_last_4"].words] == ["****1234"]
    assert got["merchant_address.street"].value == "77 MAIN ST"
    assert got["merchant_address.postal_code"].value == "05401"
    assert "merchant_address.country" not in got


def test_a_copy_of_a_domain_schema_reads_with_the_domains_labels() -> None:
    """A domain's model exported to JSON Schema (no domain name) is read with that domain's label hints: the
    field numbers a US licence prints (``1`` family name, ``2`` given names) label its names."""
    from groundex.domains import domain_model
    from groundex.locate.resemble import resemble

    exported = domain_model("document.us-drivers-license").model_json_schema()
    assert load_schema(exported).domain is None
    doc = document(
        words_at("4d DLN D1234567", 0.30, 0.20),
        words_at("1 DOE", 0.30, 0.30),
        words_at("2 JOHN MICHAEL", 0.30, 0.35),
        words_at("8 415 PINE ST", 0.30, 0.40),
        words_at("SEATTLE, WA 98101", 0.30, 0.45),
        words_at("3 DOB 07/10/1988", 0.30, 0.55),
    )
    got = _locate(doc, exported)
    assert got["last_name"].value == "DOE"
    assert got["first_name"].value == "JOHN"
    assert got["license_number"].value == "D1234567"
    memo = _strings(to=None, cc=None, subject=None, date=None)
    assert resemble(tuple(load_schema(memo).leaves()), ()) is None


class OwnLicense(BaseModel):
    """A driver's license model of its own names and words."""

    class Home(BaseModel):
        line1: str | None = Field(None, description="Street and house number")
        town: str | None = Field(None, description="City")
        region: str | None = Field(None, description="State, two letters")
        zip: str | None = Field(None, description="ZIP code")

    dl_id: str | None = Field(None, description="The licence's identifier printed on the card")
    holder: str | None = Field(None, description="The driver's whole name")
    home: Home | None = Field(None, description="Where the driver lives")
    born_on: str | None = Field(None, description="When the driver was born")
    sex: str | None = Field(None, description="M or F")
    vehicle_category: str | None = Field(None, description="Class of vehicles the licence allows")
    eyes: str | None = Field(None, description="Eye colour")


def test_a_schema_of_its_own_names_reads_with_the_domain_it_means() -> None:
    """A licence model of other names and words is matched field by field to the licence domain
    (``dl_id``: ``license_number``, ``holder``: ``full_name``, ``home``: ``address``, ``sex``: ``gender``),
    so the field numbers a US licence prints label its fields: ``1`` and ``2`` make the holder's name, ``4d``
    the number, ``8`` the street, ``9`` (captioned ``CLASS``) the class."""
    from groundex.locate.groups import name_part_fields
    from groundex.locate.resemble import address_objects, resemble

    schema = load_schema(OwnLicense)
    leaves = list(schema.leaves())
    like = resemble((*leaves, *name_part_fields(leaves)), address_objects(schema.root))
    assert like is not None and like.domain == "document.us-drivers-license"
    assert {k: like.paths[k] for k in ("dl_id", "holder", "home", "sex", "born_on", "holder#last")} == {
        "dl_id": "license_number",
        "holder": "full_name",
        "home": "address",
        "sex": "gender",
        "born_on": "date_of_birth",
        "holder#last": "last_name",
    }
    doc = document(
        words_at("4d DLN D1234567", 0.30, 0.20),
        words_at("1 DOE", 0.30, 0.26),
        words_at("2 JOHN MICHAEL", 0.30, 0.32),
        words_at("8 415 PINE ST", 0.30, 0.38),
        words_at("SEATTLE, WA 98101", 0.30, 0.44),
        words_at("3 DOB 07/10/1988", 0.30, 0.52),
        words_at("9 CLASS C", 0.30, 0.58),
        words_at("15 SEX M", 0.60, 0.58),
        words_at("18 EYES BRN", 0.30, 0.64),
    )
    got = _locate(doc, OwnLicense)
    assert got["holder"].value == "JOHN MICHAEL DOE"
    assert got["dl_id"].value == "D1234567"
    assert got["home.line1"].value == "415 PINE ST"
    assert [w.text for w in got["home.line1"].words] == ["415", "PINE", "ST"]
    assert got["born_on"].value == "1988-07-10"
    assert got["vehicle_category"].value == "C"
    assert got["sex"].value == "M"
    assert not any("#" in path for path in got)


def test_terse_licence_names_take_the_domain_fields_they_shorten() -> None:
    """Terse names without descriptions: ``cls`` shortens the licence class (``9 CLASS C``), and a top-level
    ``state`` means the issuing state, read as the domain reads it (its description's two-letter code, from
    the state named at the top), not the address's ``WA`` nor the ``ST`` of its street."""
    from groundex.locate.resemble import resemble

    terse = ("dl_no", "name", "dob", "exp", "iss", "sex", "hgt", "eyes", "cls", "state")
    schema = _strings(**dict.fromkeys(terse))
    like = resemble(tuple(load_schema(schema).leaves()), ())
    assert like is not None and like.domain == "document.us-drivers-license"
    assert (like.paths["cls"], like.paths["state"]) == ("license_class", "issuing_state")
    doc = document(
        words_at("WASHINGTON", 0.04, 0.05, h=0.07),
        words_at("4d DLN D1234567", 0.30, 0.20),
        words_at("4b EXP 07/10/2025", 0.62, 0.20),
        words_at("1 DOE", 0.30, 0.26),
        words_at("2 JOHN MICHAEL", 0.30, 0.32),
        words_at("8 415 PINE ST", 0.30, 0.38),
        words_at("SEATTLE, WA 98101", 0.30, 0.44),
        words_at("3 DOB 07/10/1988", 0.30, 0.52),
        words_at("4a ISS 07/10/2020", 0.62, 0.52),
        words_at("9 CLASS C", 0.30, 0.58),
        words_at("15 SEX M", 0.55, 0.58),
        words_at("16 HGT 5'-09\"", 0.30, 0.64),
        words_at("18 EYES BRN", 0.55, 0.64),
    )
    got = _locate(doc, schema)
    assert got["cls"].value == "C"
    assert got["state"].value == "WA"
    assert [w.text for w in got["state"].words] == ["WASHINGTON"]
    assert (got["dob"].value, got["iss"].value, got["exp"].value) == (
        "1988-07-10",
        "2020-07-10",
        "2025-07-10",
    )


def test_a_receipt_schema_of_other_words_matches_the_receipt_domain() -> None:
    """``before_tax`` ("Sum of the lines before tax") means the subtotal, not the tax; a grand total named by
    its description means the total; a table's columns keep their own labels; four of the six hinted fields
    outside lists read the schema as a receipt's."""
    from groundex.locate.resemble import _match, address_objects, resemble

    def text(description: str) -> dict[str, object]:
        return {"type": ["string", "null"], "description": description}

    line = {"product": text("What was bought"), "count": text("How many were bought"), "cost": text("Money")}
    fields = {
        "shop": text("Business that handed out this slip"),
        "contact_number": text("Telephone the shop can be reached at"),
        "before_tax": text("Sum of the lines before tax and tip"),
        "levy": text("Sales tax charged"),
        "gratuity": text("Tip left for the staff"),
        "amount_charged": text("Final amount the customer had to pay"),
        "lines": {"type": "array", "items": {"type": "object", "properties": line}},
    }
    schema = load_schema({"type": "object", "properties": fields})
    means = _match(list(schema.leaves()), address_objects(schema.root), "document.receipt")
    assert means["before_tax"] == "subtotal"
    assert means["levy"] == "tax"
    assert means["amount_charged"] == "total"
    assert means["contact_number"] == "merchant_phone"
    assert not any("[]" in path for path in means)
    like = resemble(tuple(schema.leaves()), address_objects(schema.root))
    assert like is not None and like.domain == "document.receipt"


def test_a_terse_invoice_schema_reads_its_fields_as_the_domains() -> None:
    """``cust`` (no description, no title) means the invoice's customer name: the name under ``Bill To``,
    not the name with its address lines, as the domain's ``customer_name`` reads it."""
    terse = ("inv_no", "inv_dt", "due_dt", "vendor", "email", "ph", "cust", "subtot", "tax", "tot", "terms")
    doc = document(
        words_at("Northwind Supply Co.", 0.08, 0.05, h=0.04),
        words_at("(415) 555-0132", 0.08, 0.16),
        words_at("INVOICE", 0.70, 0.05, h=0.04),
        words_at("Invoice #: INV-1042", 0.62, 0.12),
        words_at("Invoice Date: 03/01/2024", 0.62, 0.15),
        words_at("Due Date: 03/31/2024", 0.62, 0.18),
        words_at("Bill To:", 0.08, 0.22),
        words_at("Greenfield Dental Group", 0.08, 0.25),
        words_at("305 Maple Street", 0.08, 0.28),
        words_at("Boise, ID 83702", 0.08, 0.31),
        words_at("Subtotal", 0.62, 0.60) + words_at("$100.00", 0.82, 0.60),
        words_at("Tax", 0.62, 0.63) + words_at("$8.00", 0.82, 0.63),
        words_at("Total", 0.62, 0.66) + words_at("$108.00", 0.82, 0.66),
        words_at("Terms: Net 30", 0.08, 0.75),
    )
    got = _locate(doc, _strings(**dict.fromkeys(terse)))
    assert got["cust"].value == "Greenfield Dental Group"
    assert (got["inv_no"].value, got["tot"].value) == ("INV-1042", 108.0)


def test_an_invoice_from_abroad_with_bank_details_and_two_addresses() -> None:
    """Bill-to and ship-to blocks side by side, a PO number, a VAT line, a total in euros and bank details:
    each value lands in its own field; the currency is read from the total's amount it shares."""
    doc = document(
        words_at("ACME TOOLS GMBH", 0.06, 0.04, h=0.04),
        words_at("Hauptstrasse 12", 0.06, 0.09),
        words_at("10115 Berlin, Germany", 0.06, 0.12),
        words_at("Invoice No: 2024-0117", 0.60, 0.09),
        words_at("Invoice Date: 12.03.2024", 0.60, 0.12),
        words_at("PO Number: PO-5581", 0.60, 0.15),
        words_at("Bill To", 0.06, 0.22),
        words_at("Ship To", 0.50, 0.22),
        words_at("Globex Corporation", 0.06, 0.25),
        words_at("Globex Warehouse 3", 0.50, 0.25),
        words_at("500 Oak Avenue", 0.06, 0.28),
        words_at("77 Dock Road", 0.50, 0.28),
        words_at("Springfield, IL 62701", 0.06, 0.31),
        words_at("Joliet, IL 60431", 0.50, 0.31),
        words_at("Subtotal", 0.62, 0.56),
        words_at("230.00", 0.84, 0.56),
        words_at("VAT 19%", 0.62, 0.60),
        words_at("43.70", 0.84, 0.60),
        words_at("Total Due", 0.62, 0.64),
        words_at("EUR 273.70", 0.80, 0.64),
        words_at("Bank: Deutsche Bank", 0.06, 0.76),
        words_at("BIC: DEUTDEFFXXX", 0.06, 0.82),
    )
    got = {k: v.value for k, v in _locate(doc, "document.invoice").items()}
    assert got["order_id"] == "PO-5581" and got["invoice_id"] == "2024-0117"
    assert got["currency"] == "EUR" and got["total_amount"] == 273.7
    assert (got["tax_amount"], got["tax_percentage"]) == (43.7, 19.0)
    assert got["issuer_address.country"] == "Germany" and got["issuer_address.city"] == "Berlin"
    assert got["customer_name"] == "Globex Corporation"
    assert got["customer_shipping_address.street"] == "77 Dock Road"
    assert got["bank_details.bank_name"] == "Deutsche Bank" and got["bank_details.swift_bic"] == "DEUTDEFFXXX"
    assert "bank_details.account_number" not in got and "bank_details.routing_number" not in got


class OwnBill(BaseModel):
    """An invoice model of its own names and words."""

    class Place(BaseModel):
        road: str | None = Field(None, description="Street and number")
        town: str | None = Field(None, description="City")
        province: str | None = Field(None, description="State or province")
        post_code: str | None = Field(None, description="Postal code")

    bill_number: str | None = Field(None, description="The number the seller gave this bill")
    vendor: str | None = Field(None, description="Company that sent the bill")
    vendor_location: Place | None = Field(None, description="Where the company that sent the bill is")
    client: str | None = Field(None, description="Who the bill is addressed to")
    client_location: Place | None = Field(None, description="Where the bill is sent")
    net_sum: str | None = Field(None, description="Sum of the lines before tax")
    levy: str | None = Field(None, description="Tax charged on the bill")
    grand_sum: str | None = Field(None, description="Final amount to be paid")
    conditions: str | None = Field(None, description="How long the client has to pay (e.g. Net 30)")


def test_an_invoice_model_of_its_own_words_reads_as_an_invoice() -> None:
    """A bill's model of other names is matched to the invoice domain (``bill`` is an invoice, a vendor its
    issuer, a client its customer, "before tax" its subtotal, a ``post_code`` an address part): the
    customer's name under ``Bill To:`` stops where the address another field took starts."""
    doc = document(
        words_at("Northwind Supply Co.", 0.09, 0.03),
        words_at("450 Market Street", 0.09, 0.07),
        words_at("San Francisco, CA 94105", 0.09, 0.10),
        words_at("Invoice #: INV-2024-3573", 0.59, 0.10),
        words_at("Bill To:", 0.09, 0.22),
        words_at("Greenfield Dental Group", 0.09, 0.25),
        words_at("305 Maple Street", 0.09, 0.28),
        words_at("Boise, ID 83702", 0.09, 0.31),
        words_at("Subtotal: $2,981.28", 0.60, 0.60),
        words_at("Tax (6.5%): $193.78", 0.60, 0.64),
        words_at("Total: $3,175.06", 0.60, 0.68),
        words_at("Terms: Net 30", 0.09, 0.80),
    )
    got = _locate(doc, OwnBill)
    assert got["client"].value == "Greenfield Dental Group"
    assert [w.text for w in got["client"].words] == ["Greenfield", "Dental", "Group"]
    assert got["client_location.road"].value == "305 Maple Street"
    assert got["client_location.post_code"].value == "83702"
    assert got["vendor_location.post_code"].value == "94105"
    assert got["vendor"].value == "Northwind Supply Co."
    assert got["bill_number"].value == "INV-2024-3573"
    assert got["net_sum"].value == 2981.28
    assert got["levy"].value == 193.78
    assert got["grand_sum"].value == 3175.06
    assert got["conditions"].value == "Net 30"


def test_abbreviated_field_names_read_the_words_they_shorten() -> None:
    """Fields named by abbreviations (``hgt``, ``wgt``, ``exp``, ``iss``, ``dob``) take the role and the
    labels of the words they shorten: ``Height:``, ``Weight:``, ``Expires:``, ``Issued:``, ``Date of Birth:``;
    a word one letter longer is no abbreviation (``issue`` of a magazine stays text)."""
    from groundex.locate.labels import expansions
    from groundex.locate.roles import Role, role_of
    from groundex.types import FieldSpec, Kind

    schema = _strings(hgt=None, wgt=None, exp=None, iss=None, dob=None)
    doc = document(
        words_at("Date of Birth: 1959-05-01", 0.30, 0.40),
        words_at("Issued: 2018-05-01", 0.30, 0.47),
        words_at("Expires: 2024-05-01", 0.63, 0.47),
        words_at("Height: 6'-01\"", 0.30, 0.54),
        words_at("Weight: 200 lb", 0.63, 0.54),
    )
    got = _locate(doc, schema)
    assert (got["dob"].value, got["iss"].value, got["exp"].value) == (
        "1959-05-01",
        "2018-05-01",
        "2024-05-01",
    )
    assert got["hgt"].value == "6'1\""
    assert got["wgt"].value == "200 lb"
    assert expansions("issue") == ()
    assert role_of(FieldSpec("issue", "issue", Kind.STRING)) is Role.TEXT


def test_a_field_number_with_its_caption_ends_the_value_before_it() -> None:
    """On a licence labelled by field numbers with captions (``17 WGT``, ``18 EYES``) and a schema of terse
    names read as the licence domain, the weight stops where ``18 EYES`` starts and the eyes are read."""
    schema = _strings(
        dl_no=None,
        name=None,
        dob=None,
        exp=None,
        iss=None,
        sex=None,
        hgt=None,
        wgt=None,
        eyes=None,
        hair=None,
    )
    doc = document(
        words_at("4d DLN WDLKXDFA9XMR 4b EXP 07/10/2025", 0.30, 0.22),
        words_at("1 DOE", 0.30, 0.30),
        words_at("2 JOHN MICHAEL", 0.30, 0.37),
        words_at("3 DOB 07/10/1988", 0.30, 0.58),
        words_at("4a ISS 07/10/2020", 0.69, 0.58),
        words_at("15 SEX M", 0.49, 0.65),
        words_at("16 HGT 5'-09\"", 0.69, 0.65),
        words_at("17 WGT 180 lb 18 EYES BRN", 0.30, 0.72),
        words_at("19 HAIR BLK", 0.69, 0.72),
    )
    got = _locate(doc, schema)
    assert got["wgt"].value == "180 lb"
    assert got["eyes"].value == "BRN"
    assert got["name"].value == "JOHN MICHAEL DOE"


def test_pay_by_is_a_due_date() -> None:
    """A field named ``pay_by`` reads the date printed after ``Due Date:``, not the invoice's own date; a due
    date reads the one printed after ``Pay by:``."""
    pay_by = {"type": ["string", "null"], "description": "Last day to pay the bill"}
    doc = document(
        words_at("Date: 19 Apr 2024", 0.59, 0.10),
        words_at("Due Date: 19 May 2024", 0.59, 0.14),
    )
    got = _locate(doc, {"type": "object", "properties": {"pay_by": pay_by}})["pay_by"]
    assert got.value == "2024-05-19"
    assert [w.text for w in got.words] == ["19", "May", "2024"]
    printed = document(
        words_at("Invoice Date: 04/19/2024", 0.59, 0.10), words_at("Pay by: 05/19/2024", 0.59, 0.14)
    )
    due = _locate(printed, {"type": "object", "properties": {"due_date": {"type": ["string", "null"]}}})
    assert due["due_date"].value == "2024-05-19"


def test_a_country_field_reads_only_a_country() -> None:
    """``COUNTER 3`` reads like ``Country`` but holds no country; ``Country: Malaysia`` does."""
    schema = _strings(country="Country")
    assert "country" not in _locate(document(words_at("COUNTER 3", 0.10, 0.10)), schema)
    got = _locate(
        document(words_at("COUNTER 3", 0.10, 0.10), words_at("Country: Malaysia", 0.10, 0.30)), schema
    )
    assert got["country"].value == "Malaysia"


def test_a_tables_column_headers_are_no_value() -> None:
    """``Qty Amount``, the header of a receipt's columns, printed beside ``Tax Description``, is not read as
    the discount's description (a label of the part-named field)."""
    doc = document(
        words_at("SHELL CANADA PRODUCTS", 0.27, 0.02),
        words_at("Qty Amount", 0.55, 0.118),
        words_at("Tax Description", 0.15, 0.13),
        words_at("$50.00", 0.64, 0.16),
        words_at("Sub Total", 0.44, 0.25),
        words_at("$50.00", 0.63, 0.25),
        words_at("TOTAL $50.00", 0.43, 0.30),
    )
    got = _locate(doc, "document.receipt")
    assert got["total"].value == 50.0
    assert "discount_description" not in got or got["discount_description"].value != "Qty Amount"


def test_a_street_word_inside_an_address_is_no_label() -> None:
    """``Street`` in ``675 15th Street NW`` is part of the street's name, not a label whose value is ``NW``;
    ``Street: 12 Elm Rd`` is a label."""
    from groundex.locate.candidates import Page, labelled

    spec = next(s for s in load_schema(_strings(street="Street")).leaves() if s.path == "street")
    inside = document(words_at("675 15th Street NW", 0.34, 0.12), words_at("Washington DC 20005", 0.32, 0.15))
    assert labelled(Page(inside.pages[0].lines), spec, set()) == []
    keyed = document(words_at("Street: 12 Elm Rd", 0.10, 0.12))
    assert [c.value for c in labelled(Page(keyed.pages[0].lines), spec, set())] == ["12 Elm Rd"]


def test_a_service_invoice_with_a_header_row_a_discount_and_a_balance() -> None:
    """Invoice number, dates and terms printed as a row of labels over one row of values; a discount, the
    amount paid and the balance due under the total each read their own line (``Discount (10%)`` labels
    ``discount_amount`` without its ``amount``)."""
    doc = document(
        words_at("Brightside Plumbing LLC", 0.06, 0.04, h=0.04),
        words_at("88 Canal Street, Suite 4", 0.06, 0.09),
        words_at("New Orleans, LA 70130", 0.06, 0.12),
        words_at("Invoice #", 0.06, 0.26),
        words_at("Invoice Date", 0.30, 0.26),
        words_at("Due Date", 0.55, 0.26),
        words_at("Terms", 0.78, 0.26),
        words_at("B-1042", 0.06, 0.29),
        words_at("Feb 3, 2025", 0.30, 0.29),
        words_at("Mar 5, 2025", 0.55, 0.29),
        words_at("Net 30", 0.78, 0.29),
        words_at("Subtotal", 0.62, 0.68),
        words_at("405.00", 0.84, 0.68),
        words_at("Discount (10%)", 0.62, 0.71),
        words_at("-40.50", 0.84, 0.71),
        words_at("Sales Tax 9.45%", 0.62, 0.74),
        words_at("34.45", 0.84, 0.74),
        words_at("Total", 0.62, 0.77),
        words_at("398.95", 0.84, 0.77),
        words_at("Amount Paid", 0.62, 0.80),
        words_at("100.00", 0.84, 0.80),
        words_at("Balance Due", 0.62, 0.83),
        words_at("$298.95", 0.84, 0.83),
    )
    got = {k: v.value for k, v in _locate(doc, "document.invoice").items()}
    assert (got["invoice_id"], got["invoice_issue_date"], got["invoice_due_date"]) == (
        "B-1042",
        "2025-02-03",
        "2025-03-05",
    )
    assert got["payment_terms"] == "Net 30"
    assert (got["discount_amount"], got["discount_percentage"]) == (-40.5, 10.0)
    assert (got["tax_amount"], got["tax_percentage"], got["total_amount"]) == (34.45, 9.45, 398.95)
    assert (got["amount_paid"], got["balance_due"]) == (100.0, 298.95)
    assert "discount_description" not in got


def test_a_receipt_priced_abroad_reads_its_dates_day_first() -> None:
    """``12/01/25`` on a receipt priced in pounds is 12 January; the same slip in dollars reads 1 December."""

    class Slip(BaseModel):
        total: float | None = Field(None, description="Total amount paid")
        when: date | None = Field(None, description="Date of the purchase")

    def slip(currency: str) -> Document:
        return document(words_at(f"TOTAL {currency}4.03", 0.06, 0.39), words_at("12/01/25 14:32", 0.06, 0.58))

    assert _locate(slip("£"), Slip)["when"].value == "2025-01-12"
    assert _locate(slip("$"), Slip)["when"].value == "2025-12-01"


def test_fields_named_otherwise_read_by_their_descriptions() -> None:
    """A schema whose names say little (``levy``, ``amount_charged``, ``contact_number``) is read by the heads
    of its descriptions: the tax, the grand total, the phone, the date, the address and the subtotal, and the
    item columns by synonyms (``count`` ~ ``Qty``, ``cost`` ~ ``Price``)."""
    schema = {
        "type": "object",
        "properties": {
            "seller": {"type": ["string", "null"], "description": "The business that issued this receipt"},
            "shop_location": {"type": ["string", "null"], "description": "Postal address of the shop"},
            "contact_number": {
                "type": ["string", "null"],
                "description": "Telephone the shop can be reached at",
            },
            "purchase_day": {
                "type": ["string", "null"],
                "description": "Day the purchase happened, as printed",
            },
            "before_tax": {"type": ["string", "null"], "description": "Sum of the lines before tax"},
            "levy": {"type": ["string", "null"], "description": "Sales tax charged"},
            "amount_charged": {
                "type": ["string", "null"],
                "description": "Final amount the customer had to pay",
            },
            "lines": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "product": {"type": ["string", "null"], "description": "What was bought"},
                        "count": {"type": ["string", "null"], "description": "How many were bought"},
                        "cost": {"type": ["string", "null"], "description": "Money charged for the line"},
                    },
                },
            },
        },
    }
    doc = document(
        words_at("CORNER BEAN CAFE", 0.30, 0.04, h=0.04),
        words_at("77 MAIN ST", 0.36, 0.09),
        words_at("BURLINGTON, VT 05401", 0.28, 0.12),
        words_at("TEL (802) 555-0123", 0.30, 0.15),
        words_at("08/07/2024 16:00", 0.30, 0.19),
        words_at("Qty", 0.06, 0.25),
        words_at("Item", 0.20, 0.25),
        words_at("Price", 0.80, 0.25),
        words_at("2", 0.06, 0.29),
        words_at("LATTE", 0.20, 0.29),
        words_at("9.00", 0.80, 0.29),
        words_at("1", 0.06, 0.33),
        words_at("MUFFIN", 0.20, 0.33),
        words_at("3.50", 0.80, 0.33),
        words_at("SUBTOTAL", 0.20, 0.40),
        words_at("12.50", 0.80, 0.40),
        words_at("SALES TAX", 0.20, 0.44),
        words_at("0.75", 0.80, 0.44),
        words_at("TOTAL", 0.20, 0.48),
        words_at("13.25", 0.80, 0.48),
        words_at("CASH", 0.20, 0.52),
        words_at("20.00", 0.80, 0.52),
    )
    got = {k: v.value for k, v in _locate(doc, schema).items()}
    assert got["seller"] == "CORNER BEAN CAFE"
    assert got["shop_location"] == "77 MAIN ST BURLINGTON, VT 05401"
    assert got["contact_number"] == "+18025550123"
    assert got["purchase_day"] == "2024-08-07"
    assert (got["before_tax"], got["levy"], got["amount_charged"]) == (12.5, 0.75, 13.25)
    assert [got[f"lines[{i}].product"] for i in range(2)] == ["LATTE", "MUFFIN"]
    assert [got[f"lines[{i}].count"] for i in range(2)] == [2.0, 1.0]
    assert [got[f"lines[{i}].cost"] for i in range(2)] == [9.0, 3.5]


def test_a_name_described_as_a_person_s_is_labelled_name() -> None:
    """``holder`` "The driver's whole name" is a person's name, labelled ``Name:`` beside it or ``NAME`` over
    it (read in natural order); a name of a business keeps its party role."""
    from groundex.locate.roles import Role, role_of
    from groundex.types import FieldSpec, Kind

    holder = {"type": ["string", "null"], "description": "The driver's whole name"}
    schema = {"type": "object", "properties": {"holder": holder}}
    beside = document(
        words_at("License No: 609718890", 0.30, 0.19),
        words_at("Name: ROBERT JAMES SMITH", 0.30, 0.26),
        words_at("Address: 1550 LARIMER ST, DENVER, CO 80202", 0.30, 0.33),
    )
    assert _locate(beside, schema)["holder"].value == "ROBERT JAMES SMITH"
    over = document(
        words_at("NAME", 0.04, 0.33, h=0.03),
        words_at("GARCIA, MARIA ELENA", 0.04, 0.37, h=0.03),
        words_at("ADDRESS", 0.04, 0.45, h=0.03),
        words_at("310 W ROOSEVELT ST", 0.04, 0.49, h=0.03),
    )
    got = _locate(over, schema)["holder"]
    assert got.value == "MARIA ELENA GARCIA"
    assert [w.text for w in got.words] == ["GARCIA,", "MARIA", "ELENA"]
    seller = FieldSpec(
        "seller", "seller", Kind.STRING, description="Name of the business that issued the receipt"
    )
    assert role_of(seller) is Role.TEXT


def test_a_header_cell_of_a_slanted_row_reads_the_line_under_it() -> None:
    """A header row a slanted photo prints lower to the right (``DATE OF BIRTH`` then ``ISSUED`` a little
    lower, levelled into one row): the next header cell is no line under the first, whose value is the date
    under it; ``born`` labels by ``DATE OF BIRTH`` too."""
    from dataclasses import replace

    from groundex.layout import build_lines, page_slope
    from groundex.types import Page as SheetPage

    placed = [
        words_at("LICENSE NO.", 0.17, 0.293, h=0.014, char_w=0.009),
        words_at("EXPIRES", 0.45, 0.308, h=0.014, char_w=0.009),
        words_at("87033155", 0.17, 0.317, h=0.02, char_w=0.009),
        words_at("22 JAN 2024", 0.45, 0.332, h=0.02, char_w=0.009),
        words_at("DATE OF BIRTH", 0.166, 0.533, h=0.014, char_w=0.009),
        words_at("ISSUED", 0.337, 0.543, h=0.015, char_w=0.009),
        words_at("SEX", 0.505, 0.552, h=0.014, char_w=0.009),
        words_at("22 JAN 1987", 0.166, 0.557, h=0.02, char_w=0.009),
        words_at("22 JAN 2019 F", 0.336, 0.567, h=0.02, char_w=0.009),
    ]
    words = tuple(replace(w, angle=0.05) for ws in placed for w in ws)
    sheet = SheetPage(0, 1000, 1000, words, build_lines(words, page_slope(words, 1.0)), "test")
    doc = Document((sheet,), "sheet", "image/png", 1)
    assert len({ln.row for ln in sheet.lines if ln.text in ("DATE OF BIRTH", "ISSUED", "SEX")}) == 1
    own = {"type": "object", "properties": {"date_of_birth": {"type": ["string", "null"]}}}
    header = next(ln for ln in sheet.lines if ln.text == "DATE OF BIRTH")
    under = Page(list(sheet.lines)).below(header.words, cell=True)
    assert under is not None and under.text == "22 JAN 1987"
    dob = _locate(doc, own)["date_of_birth"]
    assert (dob.value, dob.method) == ("1987-01-22", "label-below")
    born = {"type": ["string", "null"], "description": "When the driver was born"}
    got = _locate(doc, {"type": "object", "properties": {"born_on": born}})["born_on"]
    assert (got.value, got.method) == ("1987-01-22", "label-below")
    assert [w.text for w in got.words] == ["22", "JAN", "1987"]


def test_a_full_name_printed_in_its_parts_is_joined() -> None:
    """A full-name field with no name parts in the schema reads a name printed only in parts (``LN`` and
    ``FN`` lines) whole, first name first; the parts it read are not returned."""
    holder = {"type": ["string", "null"], "description": "The driver's whole name"}
    schema = {"type": "object", "properties": {"holder": holder, "born_on": {"type": ["string", "null"]}}}
    doc = document(
        words_at("DL M86974296805", 0.30, 0.22),
        words_at("LN DOE", 0.30, 0.37),
        words_at("FN JANE ANN", 0.30, 0.44),
        words_at("600 N LAKE SHORE DR", 0.30, 0.51),
    )
    got = _locate(doc, schema)
    assert got["holder"].value == "JANE ANN DOE"
    assert sorted(w.text for w in got["holder"].words) == ["ANN", "DOE", "JANE"]
    assert set(got) == {"holder"}


def test_dates_described_by_when_they_happened() -> None:
    """``born_on`` "When the driver was born" is a date labelled ``DOB``; ``valid_until`` "When the card
    expires" reads ``EXP``; ``stature`` is a height; a "two-letter code of the state" is a state, the issuer's
    printed at the top, while a state in an address object is not that one."""
    schema = {
        "type": "object",
        "properties": {
            "jurisdiction": {
                "type": ["string", "null"],
                "description": "Two-letter code of the state that issued it",
            },
            "born_on": {"type": ["string", "null"], "description": "When the driver was born"},
            "valid_until": {"type": ["string", "null"], "description": "When the card expires"},
            "granted_on": {"type": ["string", "null"], "description": "When the card was issued"},
            "stature": {"type": ["string", "null"], "description": "How tall the driver is"},
            "home": {
                "type": "object",
                "properties": {
                    "line1": {"type": ["string", "null"], "description": "Street and house number"},
                    "town": {"type": ["string", "null"], "description": "City"},
                    "region": {"type": ["string", "null"], "description": "State, two letters"},
                    "zip": {"type": ["string", "null"], "description": "ZIP code"},
                },
            },
        },
    }
    doc = document(
        words_at("WASHINGTON", 0.05, 0.03, h=0.06),
        words_at("DOB 07/10/1988", 0.30, 0.20),
        words_at("ISS 07/10/2020", 0.30, 0.26),
        words_at("EXP 07/10/2028", 0.30, 0.32),
        words_at("415 PINE ST", 0.30, 0.45),
        words_at("SEATTLE, WA 98101", 0.30, 0.50),
        words_at("HGT 5'-09\"", 0.30, 0.60),
    )
    got = _locate(doc, schema)
    assert (got["born_on"].value, got["granted_on"].value, got["valid_until"].value) == (
        "1988-07-10",
        "2020-07-10",
        "2028-07-10",
    )
    assert got["stature"].value == "5'9\""
    assert got["jurisdiction"].value == "WA" and got["jurisdiction"].words[0].text == "WASHINGTON"
    assert got["home.region"].value == "WA" and got["home.region"].words[0].bbox.y > 0.4


def test_a_name_label_is_not_the_business_name() -> None:
    """``company`` "Name of the business that issued the receipt" is the business's name, not whatever a
    ``Name:`` label holds (the customer's): a one-word head said to be of something labels the field only
    weakly."""
    schema = {
        "type": "object",
        "properties": {
            "company": {
                "type": ["string", "null"],
                "description": "Name of the business that issued the receipt, as printed near the top",
            },
            "total": {"type": ["string", "null"], "description": "Final amount paid"},
        },
    }
    doc = document(
        words_at("ROUO", 0.55, 0.04),
        words_at("TAX INVOICE", 0.40, 0.07),
        words_at("HARBOUR PIZZA", 0.40, 0.09),
        words_at("GST REF NO : 001694261248", 0.36, 0.11),
        words_at("12 QUAY ROAD, 81300 SKUDAI", 0.34, 0.13),
        words_at("CARRY OUT NOW", 0.30, 0.18),
        words_at("Pay By: CASH", 0.55, 0.18),
        words_at("Name: MRS YUEN", 0.30, 0.22),
        words_at("TOTAL", 0.20, 0.36),
        words_at("12.00", 0.80, 0.36),
    )
    got = _locate(doc, schema)
    assert got["company"].value == "HARBOUR PIZZA"
    assert [w.text for w in got["company"].words] == ["HARBOUR", "PIZZA"]
    assert all(abs(w.bbox.y - 0.09) < 0.01 for w in got["company"].words)


def test_a_name_described_by_its_ending_is_the_registered_name() -> None:
    """A description that says how the name ends (``often ending in 'SDN BHD'``) picks the registered name
    over the trading name printed above it, alone or joined to it; without that cue the trading name at the
    top stays the store's name."""
    words = (
        words_at("KIKU JAPANESE RESTAURANT", 0.22, 0.04, h=0.03),
        words_at("TK DIVISION KITCHEN SDN BHD", 0.24, 0.08),
        words_at("(123456-X)", 0.40, 0.10),
        words_at("19-1, JALAN MALINJA 2, TAMAN BUNGA RAYA", 0.12, 0.13),
        words_at("53100 SETAPAK, KUALA LUMPUR.", 0.22, 0.15),
        words_at("TOTAL", 0.20, 0.40),
        words_at("12.00", 0.80, 0.40),
    )

    def company(description: str) -> str:
        schema = {
            "type": "object",
            "properties": {"company": {"type": ["string", "null"], "description": description}},
        }
        return str(_locate(document(*words), schema)["company"].value)

    registered = "Name of the business, usually the registered name (often ending in 'SDN BHD' or 'S/B')"
    assert company(registered) == "TK DIVISION KITCHEN SDN BHD"
    assert company("Name of the business, as printed at the top") == "KIKU JAPANESE RESTAURANT"
    words = (
        words_at("A PIE THING", 0.34, 0.04),
        words_at("FOUR QUARTERS SDN BHD", 0.28, 0.06),
        words_at("DAMANSARA UTAMA PETALING JAYA", 0.22, 0.09),
        words_at("TOTAL", 0.20, 0.40),
        words_at("12.00", 0.80, 0.40),
    )
    assert company(registered) == "FOUR QUARTERS SDN BHD"


def test_an_address_ends_at_its_country_and_before_a_business_name() -> None:
    """An address block takes a short line of letters after it (``SELANGOR``) but not a branch after the
    country that closes it (``SUNWAY VELOCITY`` under ``..., Malaysia``) nor a business name under it."""
    schema = {
        "type": "object",
        "properties": {
            "company": {"type": ["string", "null"], "description": "Name of the business"},
            "address": {"type": ["string", "null"], "description": "Postal address of the business"},
        },
    }

    def address(*lines: tuple[str, float]) -> str:
        doc = document(
            words_at("KEDAI MAKAN SEDAP", 0.30, 0.03, h=0.03),
            *(words_at(text, 0.20, y) for text, y in lines),
            words_at("TOTAL", 0.20, 0.40),
            words_at("12.00", 0.80, 0.40),
        )
        got = _locate(doc, schema)
        return str(got["address"].value) if "address" in got else ""

    assert (
        address(
            ("No 8, Jalan 7/118B,", 0.07),
            ("Desa Tun Razak 56000 Kuala Lumpur, Malaysia", 0.09),
            ("SUNWAY VELOCITY", 0.11),
        )
        == "No 8, Jalan 7/118B, Desa Tun Razak 56000 Kuala Lumpur, Malaysia"
    )
    assert (
        address(("LOT 276 JALAN BANTING", 0.07), ("43800 DENGKIL", 0.09), ("SELANGOR", 0.11))
        == "LOT 276 JALAN BANTING 43800 DENGKIL SELANGOR"
    )
    assert (
        address(
            ("LOT 101051 Jalan Permas 10/10", 0.07),
            ("81750 Masai, Johor", 0.09),
            ("Esjay Fuel Enterprise", 0.11),
        )
        == "LOT 101051 Jalan Permas 10/10 81750 Masai, Johor"
    )
    # a town and its state's code alone make the address of a chain's branch
    assert address(("Panda Express", 0.05), ("Everett, WA", 0.09), ("(425)710-0278", 0.11)) == "Everett, WA"
    # the house number after the street's name, as most of Europe prints it; a table's number is no address
    assert address(("PIAZZA CADORNA N.23", 0.07), ("TEL.0323.30652", 0.09)) == "PIAZZA CADORNA N.23"
    assert address(("VIA ALEARDI 22 MILANO", 0.07)) == "VIA ALEARDI 22 MILANO"
    assert address(("Tab No. 9", 0.07)) == ""


def test_an_address_leaves_out_company_and_tax_numbers() -> None:
    """The name line with its registration number (``(519537-X)``) does not start the address, a street word
    glued by a comma (``10-18,JLN``) does, and a bare tax number under it does not continue it."""
    schema = {
        "type": "object",
        "properties": {
            "company": {"type": ["string", "null"], "description": "Name of the business"},
            "address": {"type": ["string", "null"], "description": "Postal address of the business"},
        },
    }
    doc = document(
        words_at("99 SPEED MART (519537-X)", 0.20, 0.03),
        words_at("10-18,JLN KEBUDAYAAN 16,TMN U", 0.20, 0.06),
        words_at("81300 JOHOR BAHRU.", 0.24, 0.08),
        words_at("002017394688", 0.30, 0.10),
        words_at("SHOPPING HOURS", 0.30, 0.12),
        words_at("TOTAL", 0.20, 0.40),
        words_at("12.00", 0.80, 0.40),
    )
    assert _locate(doc, schema)["address"].value == "10-18,JLN KEBUDAYAAN 16,TMN U 81300 JOHOR BAHRU."


def test_a_business_name_leaves_out_its_numbers_and_country() -> None:
    """A name line with its bracketed company number is the name without it, a ``Company Reg. No.`` or ``Store
    Number`` line under the name is not part of it, and a line naming only a country is no business name."""
    schema = {
        "type": "object",
        "properties": {"company": {"type": ["string", "null"], "description": "Shop"}},
    }

    def company(*lines: tuple[str, float]) -> str:
        doc = document(
            *(words_at(text, 0.20, y) for text, y in lines),
            words_at("TOTAL", 0.20, 0.40),
            words_at("12.00", 0.80, 0.40),
        )
        return str(_locate(doc, schema)["company"].value)

    assert company(("Cash Sale", 0.03), ("KT WONG TRADING (001904043-H)", 0.06)) == "KT WONG TRADING"
    assert company(("ADVANCO COMPANY", 0.03), ("Company Reg. No. 725186-V", 0.05)) == "ADVANCO COMPANY"
    assert company(("MALAYSIA", 0.03), ("OFF JALAN PUDU", 0.06), ("55100 KUALA LUMPUR", 0.08)) != "MALAYSIA"
    assert company(("Liberty Tree Tavern", 0.03), ("Store Number 364", 0.05)) == "Liberty Tree Tavern"
    assert company(("TONYMOLY VIVA CITY", 0.03), ("(TONYMOLY SHOP (95874))", 0.05)) == "TONYMOLY VIVA CITY"


def test_a_store_name_in_title_case_or_with_its_branch_number() -> None:
    """A name printed in title case at the top (``Jack's Seafood``) is a name, not a sentence, and outranks a
    larger ``Dine In`` further down; a branch number after the name (``Pizza Hut #744007``) keeps it a name,
    while a business word with a number (``Store #1291``) is none."""
    schema = {"type": "object", "properties": {"store_name": {"type": ["string", "null"]}}}

    def store(*lines: tuple[str, float, float]) -> str:
        doc = document(
            *(words_at(text, 0.30, y, h=h) for text, y, h in lines),
            words_at("1 FISH AND CHIPS", 0.05, 0.40),
            words_at("18.00", 0.80, 0.40),
        )
        return str(_locate(doc, schema)["store_name"].value)

    assert store(
        ("Jack's Seafood", 0.01, 0.02), ("4 C Street, Suite B", 0.04, 0.02), ("Dine In", 0.20, 0.028)
    ) == ("Jack's Seafood")
    assert store(("Pizza Hut #744007", 0.01, 0.02), ("870 W Rusk St", 0.04, 0.02), ("SALE", 0.20, 0.02)) == (
        "Pizza Hut #744007"
    )
    assert store(("Store #1291", 0.01, 0.02), ("PANDA EXPRESS", 0.04, 0.02), ("SALE", 0.20, 0.02)) == (
        "PANDA EXPRESS"
    )


def test_a_store_name_is_not_a_named_person_or_a_notice() -> None:
    """``store_name`` "Name of the store ..." is not what a ``Name:`` label holds (the server's), and a notice
    printed above the header (``GOODS SOLD ARE NOT RETURNABLE``) is no store name."""
    schema = {
        "type": "object",
        "properties": {
            "store_name": {
                "type": ["string", "null"],
                "description": "Name of the store that issued the receipt",
            }
        },
    }
    doc = document(
        words_at("GOODS SOLD ARE NOT RETURNABLE", 0.10, 0.01),
        words_at("Jeni's Splendid Ice Creams, LLC", 0.20, 0.06),
        words_at("501 A King Street", 0.30, 0.09),
        words_at("Charleston, SC 29403", 0.28, 0.11),
        words_at("Name: Clare", 0.05, 0.20),
        words_at("1 SCOOP", 0.05, 0.30),
        words_at("5.00", 0.80, 0.30),
    )
    assert _locate(doc, schema)["store_name"].value == "Jeni's Splendid Ice Creams, LLC"
    banquet = document(
        words_at("Colonial C.C.", 0.27, 0.106, h=0.020),
        words_at("2736 Countrywood Pkwy", 0.30, 0.139),
        words_at("Cordova, TN. 38016", 0.32, 0.149),
        words_at("BANQUETS B Table 600", 0.20, 0.226, h=0.022),
        words_at("1 COFFEE", 0.23, 0.319),
        words_at("2.00", 0.47, 0.315),
    )
    assert _locate(banquet, schema)["store_name"].value == "Colonial C.C."
    spanish = document(
        words_at("FACTURA SIMPLIFICADA", 0.20, 0.05, h=0.025),
        words_at("Panaderia Lopez", 0.25, 0.09, h=0.022),
        words_at("CL ATOCHA, 22", 0.30, 0.12),
    )
    assert _locate(spanish, schema)["store_name"].value == "Panaderia Lopez"
    # a line ending in a price is an item or a summary; a word closing in a business word continues nothing
    coupons = document(
        words_at("GROCERY", 0.50, 0.08, h=0.02),
        words_at("RegPrice 2.99", 0.30, 0.04, h=0.03),
        words_at("CardSav .99", 0.56, 0.05),
    )
    assert _locate(coupons, schema)["store_name"].value == "GROCERY"
    sales = document(
        words_at("Sales", 0.42, 0.01),
        words_at("G.W.P.LLC", 0.39, 0.06),
        words_at("300 WASHINGTON WAY", 0.34, 0.10),
    )
    assert _locate(sales, schema)["store_name"].value == "G.W.P.LLC"


def test_a_label_dotted_letter_by_letter() -> None:
    """An abbreviation printed with a dot after each letter (``I.V.A.``, Spanish VAT) reads as the word
    (``IVA``, a synonym of tax)."""
    schema = {
        "type": "object",
        "properties": {
            "tax": {"type": ["string", "null"], "description": "Sales tax / VAT amount, as printed"},
            "total": {"type": ["string", "null"], "description": "Final total paid"},
        },
    }
    doc = document(
        words_at("CAFE SOL", 0.30, 0.03),
        words_at("2 CAFE", 0.05, 0.20),
        words_at("35.00", 0.80, 0.20),
        words_at("I.V.A. 10.00%", 0.05, 0.30),
        words_at("3.50", 0.80, 0.30),
        words_at("TOTAL", 0.05, 0.34),
        words_at("38.50", 0.80, 0.34),
    )
    got = _locate(doc, schema)
    assert (got["tax"].value, got["total"].value) == (3.5, 38.5)


def test_an_empty_address_label_does_not_read_the_key_under_it() -> None:
    """A customer block's empty ``Address`` label is followed by another key (``GST No.``): that key is no
    address, the issuer's block under its name is."""
    schema = {"type": "object", "properties": {"address": {"type": ["string", "null"]}}}
    doc = document(
        words_at("LIGHTROOM GALLERY SDN BHD", 0.20, 0.03),
        words_at("No: 28, JALAN ASTANA 1C,", 0.25, 0.06),
        words_at("41050 KLANG SELANGOR", 0.25, 0.08),
        words_at("Name CASH", 0.05, 0.30),
        words_at("Address", 0.05, 0.33),
        words_at("GST No.", 0.05, 0.38),
    )
    assert _locate(doc, schema)["address"].value == "No: 28, JALAN ASTANA 1C, 41050 KLANG SELANGOR"
