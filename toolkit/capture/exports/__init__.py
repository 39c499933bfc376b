"""The readers behind `tracker import`, one per kind of address-book export (toolkit.capture.address_book picks).

vcards (vCard 2.1, 3.0 and 4.0 as phones and mail programs write them),
csv_exports (LinkedIn, Google, Outlook and Thunderbird CSV, the header found
by what it names) with csv_layouts (their headers, in six languages),
export_text (the character set of an export, told from its bytes).

May import: each other, the standard library, vobject and charset-normalizer; nothing else of toolkit.
"""
