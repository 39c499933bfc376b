"""The dropdowns, input hints and entry checks Excel shows in each column and setting of a fresh tracker.

Each function returns an xlsxwriter `data_validation` rule; the generator places it.
"""

from __future__ import annotations

import datetime as dt

from toolkit.workbook.schema import Column, Setting, Template, defined_name_for_list, whole_range

CONTACT_NAMES = "ContactNames"  # the defined name over Contacts[Name] that contact dropdowns list
NOT_A_DATE = "Type a date such as 2026-11-22 (year-month-day)."


def whole_validation(minimum: int | None, maximum: int | None) -> dict:
    """Excel's whole-number check for a column or setting, bounded as the template says."""
    low = minimum if minimum is not None else 0
    if maximum is None:
        return {"validate": "integer", "criteria": ">=", "value": low}
    return {"validate": "integer", "criteria": "between", "minimum": low, "maximum": maximum}


def column_validation(template: Template, column: Column) -> dict | None:
    """The rule for a data column (None: the column has neither a check nor a hint)."""
    hint = {"input_title": column.header[:32], "input_message": column.hint[:255]} if column.hint else {}
    if column.type in ("choice", "yesno"):
        list_name = "Yes/No" if column.type == "yesno" else column.choices
        values = ", ".join(template.choices[list_name])
        rule = {
            "validate": "list",
            "source": "=" + defined_name_for_list(list_name),
            "error_title": "Pick from the list",
            "error_message": f"{column.header} must be one of: {values}."[:255],
        }
    elif column.type == "contact":
        rule = {
            "validate": "list",
            "source": "=" + CONTACT_NAMES,
            "error_title": "Not in Contacts",
            "error_message": "Pick a name from the Contacts sheet. Add the person there first if they are new.",
        }
    elif column.type == "date":
        rule = _date_rule(template) | {"error_title": "Not a date", "error_message": NOT_A_DATE}
    elif column.type == "time":
        rule = {
            "validate": "time",
            "criteria": "between",
            "minimum": dt.time(0, 0),
            "maximum": dt.time(23, 59, 59),
            "error_title": "Not a time",
            "error_message": "Type a time such as 14:30.",
        }
    elif column.type == "whole":
        rule = whole_validation(column.min, column.max) | {
            "error_title": "Not a whole number",
            "error_message": f"Type a whole number {whole_range(column.min, column.max)}, or leave it blank.",
        }
    elif column.type == "computed":
        rule = {"validate": "any"}
    else:
        rule = {"validate": "any"} if hint else None
    if rule is None:
        return None
    rule.update(hint)
    if rule["validate"] != "any":
        rule["error_type"] = "stop"
    return rule


def setting_validation(template: Template, setting: Setting) -> dict:
    """The rule for one value on the Settings sheet: its hint, and the check its type calls for."""
    hint = {"input_title": setting.setting[:32], "input_message": setting.hint[:255]}
    if setting.type == "whole":
        default = f" Leave it blank to use {setting.default}." if setting.default is not None else ""
        allowed = f" A whole number {whole_range(setting.min, setting.max)}."
        return whole_validation(setting.min, setting.max) | hint | {
            "input_message": (setting.hint + allowed + default)[:255],
            "error_title": "Not a whole number",
            "error_message": f"Type a whole number {whole_range(setting.min, setting.max)}.{default}"[:255],
        }
    if setting.type == "date":
        return _date_rule(template) | hint | {"error_title": "Not a date", "error_message": NOT_A_DATE}
    return {"validate": "any"} | hint


def _date_rule(template: Template) -> dict:
    return {"validate": "date", "criteria": "between", "minimum": template.earliest_date, "maximum": template.latest_date}
