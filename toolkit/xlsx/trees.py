"""Parse and write package parts as lxml trees, and speak both OOXML dialects.

Elements are matched by local name inside the namespace their part's root
uses, so a part may use any prefix (`x:sheet`), the Transitional or the
Strict namespaces, and declare namespaces wherever it likes: lxml keeps every
declaration where it was when the tree is written back. New elements are made
in their parent's namespace, so they take whatever prefix is already in scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from toolkit.errors import WorkbookUnreadable

# No entity expansion, no DTD or network fetch, default depth and text-size limits.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                         remove_blank_text=False, remove_comments=False, remove_pis=False)
# An XML declaration as stored, with a UTF-8 byte order mark before it and the white space after it.
DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*\?>\s*")
NS_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_XML = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True)
class Dialect:
    """The namespaces of one flavour of SpreadsheetML."""

    main: str  # worksheet, workbook, styles, shared strings, tables
    relationships: str  # r:id attributes; relationship types are this + "/worksheet" etc.
    extended_properties: str  # docProps/app.xml
    variant_types: str  # vt: inside app.xml

    def rel_type(self, kind: str) -> str:
        """The relationship type URI for a kind such as "worksheet" or "table"."""
        return f"{self.relationships}/{kind}"


TRANSITIONAL = Dialect(
    main="http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    relationships="http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    extended_properties="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    variant_types="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
)
STRICT = Dialect(
    main="http://purl.oclc.org/ooxml/spreadsheetml/main",
    relationships="http://purl.oclc.org/ooxml/officeDocument/relationships",
    extended_properties="http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
    variant_types="http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
)
DIALECTS = (TRANSITIONAL, STRICT)


def dialect_of(element) -> Dialect:
    """The dialect whose main namespace an element (usually a part's root) is in."""
    namespace = etree.QName(element).namespace
    for dialect in DIALECTS:
        if namespace == dialect.main:
            return dialect
    raise WorkbookUnreadable(f"a part of the workbook uses the unknown namespace {namespace!r}; open it in your spreadsheet program and save it again")


def rel_kind(rel_type: str) -> str | None:
    """"worksheet" for either dialect's worksheet relationship type; None for foreign types."""
    for dialect in DIALECTS:
        if rel_type.startswith(dialect.relationships + "/"):
            return rel_type[len(dialect.relationships) + 1:]
    return None


def parse(data: bytes, name: str):
    """A part's root element, parsed without entity expansion or network access."""
    try:
        return etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as error:
        raise WorkbookUnreadable(f"the part {name} is not valid XML ({error}); open the workbook in your spreadsheet program and save it again") from error


def serialize(root, original: bytes | None = None) -> bytes:
    """A part's bytes, in the encoding it was read with (UTF-8 for new parts), under its `original` declaration.

    The declaration is copied as it was: lxml cannot tell an absent `standalone` from "no", so writing its
    own would add `standalone='no'` to parts that had none, and change them on every later save.
    """
    tree = root.getroottree()
    encoding = tree.docinfo.encoding or "UTF-8"
    original = original or b""
    declaration = DECLARATION.match(original)
    if declaration is not None:
        return declaration.group(0) + etree.tostring(tree, xml_declaration=False, encoding=encoding)
    if original.startswith(b"<"):  # stored with no declaration at all (so in UTF-8): none is added
        return etree.tostring(tree, xml_declaration=False, encoding=encoding)
    # A new part, or one in UTF-16, whose declaration is not ASCII bytes.
    return etree.tostring(tree, xml_declaration=True, encoding=encoding, standalone=tree.docinfo.standalone)


def local(element) -> str:
    """An element's or attribute key's name without its namespace."""
    return (element if isinstance(element, str) else element.tag).rpartition("}")[2]


def is_element(node) -> bool:
    """Comments and processing instructions are nodes too; skip them."""
    return isinstance(node.tag, str)


def kids(parent, name: str) -> list:
    """The child elements called `name` (any namespace prefix), in document order."""
    return [node for node in parent if is_element(node) and local(node) == name]


def kid(parent, name: str):
    """The first child element called `name`, or None."""
    return next(iter(kids(parent, name)), None)


def descendants(root, name: str) -> list:
    """Every element called `name` below `root` in the root's own namespace."""
    return list(root.iter(f"{{{etree.QName(root).namespace}}}{name}"))


def make(parent, name: str, attrib: dict | None = None, index: int | None = None, namespace: str | None = None):
    """A new child element in the parent's namespace (so with its prefix), appended or inserted at `index`."""
    if namespace is None:
        namespace = parent.tag[1:].partition("}")[0] if parent.tag.startswith("{") else ""
    tag = f"{{{namespace}}}{name}" if namespace else name
    attributes = {k: str(v) for k, v in attrib.items()} if attrib else {}
    if index is None:
        return etree.SubElement(parent, tag, attributes)
    element = parent.makeelement(tag, attributes)
    parent.insert(index, element)
    return element


def insert_in_order(parent, name: str, order: tuple[str, ...], attrib: dict | None = None):
    """Insert a child where the schema's sequence `order` puts it: after its last earlier sibling kind."""
    later = set(order[order.index(name) + 1:])
    at = next((i for i, node in enumerate(parent) if is_element(node) and local(node) in later), len(parent))
    return make(parent, name, attrib, index=at)


def adopt(fragment: str, parent):
    """Parse an unprefixed SpreadsheetML fragment into the parent's namespace, ready to append.

    Once appended, lxml writes it with the prefix already declared for that namespace.
    """
    namespace = etree.QName(parent).namespace
    return parse(f'<x xmlns="{namespace}">{fragment}</x>'.encode("utf-8"), "a new element")[0]


def same(a, b) -> bool:
    """Two elements say the same thing: local names, attributes, text and children, whatever their prefixes."""
    if local(a) != local(b) or (a.text or "").strip() != (b.text or "").strip():
        return False
    if {local(k): v for k, v in a.attrib.items()} != {local(k): v for k, v in b.attrib.items()}:
        return False
    a_kids = [n for n in a if is_element(n)]
    b_kids = [n for n in b if is_element(n)]
    return len(a_kids) == len(b_kids) and all(same(x, y) for x, y in zip(a_kids, b_kids))


def set_count(container, attribute: str = "count") -> None:
    """Keep a container's count attribute (when it has one) equal to its number of child elements."""
    if container.get(attribute) is not None:
        container.set(attribute, str(sum(1 for n in container if is_element(n))))
