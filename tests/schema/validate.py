#!/usr/bin/env python3
"""Validates .docx and .xlsx packages against the ISO/IEC 29500 Transitional schemas.

Usage: validate.py [--schemas DIR] FILE...

For each package (a zip) it checks, and prints one line per problem:

* the package: every part but ``[Content_Types].xml`` and the ``.rels`` parts
  is reached by a relationship from the package root (``_rels/.rels``),
  directly or through other parts; every internal relationship target exists;
  every part has a content type, a specific one (not ``application/xml``) when
  a relationship reaches it, the required one for the document properties and
  the main part; no content-type override names a missing part;
* every XML part, after Markup Compatibility processing as Office does it
  (ECMA-376 Part 3): elements and attributes of namespaces that ``mc:Ignorable``
  names are removed, ``mc:AlternateContent`` is replaced by its first
  ``mc:Choice`` whose ``Requires`` namespaces are all understood (else by its
  ``mc:Fallback``), and the remaining ``mc:`` attributes are dropped; the
  result must be valid against the schema of its root element's namespace.

Exit status: 0 when every package is valid, 1 when one is not, 2 on bad
usage or when the schemas cannot be loaded. Needs Python 3 and lxml
(libxml2's XML Schema 1.0 validator).
"""

import argparse
import os
import posixpath
import sys
import zipfile

try:
    from lxml import etree
except ImportError:  # pragma: no cover - reported to the caller
    sys.stderr.write("validate.py: lxml not found (pip install lxml, or apt-get install python3-lxml)\n")
    sys.exit(3)

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
EXTERNAL = "External"
GENERIC_XML = "application/xml"

# Content types that relationship types require (ECMA-376 Part 1, §15; Part 2, annex E).
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REQUIRED_CONTENT_TYPE = {
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties":
        ("application/vnd.openxmlformats-package.core-properties+xml",),
    REL + "extended-properties": ("application/vnd.openxmlformats-officedocument.extended-properties+xml",),
    REL + "custom-properties": ("application/vnd.openxmlformats-officedocument.custom-properties+xml",),
    REL + "officeDocument": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}

# Schema files (relative to the schemas folder) imported by the wrapper, in this
# order. Dublin Core and xml.xsd come first so that the http imports in
# opc-coreProperties.xsd resolve to namespaces already loaded (libxml2 then
# skips them and never touches the network).
SCHEMA_FILES = [
    ("http://www.w3.org/XML/1998/namespace", "ISO-IEC29500-4_2016/xml.xsd"),
    ("http://purl.org/dc/elements/1.1/", "dublincore/dc.xsd"),
    ("http://purl.org/dc/terms/", "dublincore/dcterms.xsd"),
    ("http://purl.org/dc/dcmitype/", "dublincore/dcmitype.xsd"),
    ("http://schemas.openxmlformats.org/package/2006/content-types", "ecma/fouth-edition/opc-contentTypes.xsd"),
    ("http://schemas.openxmlformats.org/package/2006/relationships", "ecma/fouth-edition/opc-relationships.xsd"),
    ("http://schemas.openxmlformats.org/package/2006/metadata/core-properties", "ecma/fouth-edition/opc-coreProperties.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
     "ISO-IEC29500-4_2016/shared-documentPropertiesCustom.xsd"),
    ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "ISO-IEC29500-4_2016/wml.xsd"),
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "ISO-IEC29500-4_2016/sml.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "ISO-IEC29500-4_2016/dml-main.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/chart", "ISO-IEC29500-4_2016/dml-chart.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
     "ISO-IEC29500-4_2016/dml-spreadsheetDrawing.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/picture", "ISO-IEC29500-4_2016/dml-picture.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
     "ISO-IEC29500-4_2016/dml-wordprocessingDrawing.xsd"),
    ("urn:schemas-microsoft-com:vml", "ISO-IEC29500-4_2016/vml-main.xsd"),
    ("urn:schemas-microsoft-com:office:office", "ISO-IEC29500-4_2016/vml-officeDrawing.xsd"),
    ("urn:schemas-microsoft-com:office:excel", "ISO-IEC29500-4_2016/vml-spreadsheetDrawing.xsd"),
    ("urn:schemas-microsoft-com:office:word", "ISO-IEC29500-4_2016/vml-wordprocessingDrawing.xsd"),
    ("http://schemas.microsoft.com/office/word/2010/wordml", "microsoft/wml-2010.xsd"),
    ("http://schemas.microsoft.com/office/word/2012/wordml", "microsoft/wml-2012.xsd"),
    ("http://schemas.microsoft.com/office/word/2018/wordml", "microsoft/wml-2018.xsd"),
    ("http://schemas.microsoft.com/office/word/2018/wordml/cex", "microsoft/wml-cex-2018.xsd"),
    ("http://schemas.microsoft.com/office/word/2016/wordml/cid", "microsoft/wml-cid-2016.xsd"),
]

# Namespaces the schemas above define, plus those they import on their own:
# what "understood" means for mc:AlternateContent.
UNDERSTOOD = {ns for ns, _ in SCHEMA_FILES} | {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}


def schema_files(edition):
    """SCHEMA_FILES of an edition: "2016" (ISO/IEC 29500-4:2016, the reference) or "2013"
    (the older Transitional edition python-docx vendored, with its own OPC schemas and
    without the Microsoft extensions, which import the 2016 wml.xsd)."""
    if edition == "2016":
        return SCHEMA_FILES
    out = []
    for ns, path in SCHEMA_FILES:
        if path.startswith("microsoft/"):
            continue
        if path == "ISO-IEC29500-4_2016/xml.xsd":
            path = "dublincore/xml.xsd"
        elif path.startswith("ISO-IEC29500-4_2016/"):
            path = "python-docx-ref-xsd/" + path.split("/", 1)[1]
        elif path.startswith("ecma/fouth-edition/"):
            path = "python-docx-ref-xsd/opc-xsd/" + path.rsplit("/", 1)[1]
        out.append((ns, path))
    return out


def load_schema(folder, edition="2016"):
    """One XMLSchema that imports every namespace of the edition."""
    imports = "".join(
        '<xsd:import namespace="%s" schemaLocation="%s"/>' % (ns, path) for ns, path in schema_files(edition)
    )
    wrapper = '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">%s</xsd:schema>' % imports
    # The wrapper's base URL is the schemas folder, so relative locations resolve there.
    base = os.path.join(os.path.abspath(folder), "wrapper.xsd")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    doc = etree.fromstring(wrapper.encode(), parser, base_url=base).getroottree()
    return etree.XMLSchema(doc)


def ns_of(name):
    """The namespace of a Clark name ({ns}local), or ''."""
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def prefixes_to_ns(elem, value):
    """Namespaces of the space-separated prefixes in value, resolved at elem."""
    out = set()
    for p in value.split():
        ns = elem.nsmap.get(p)
        if ns is None:
            raise ValueError("mc: prefix '%s' is not declared" % p)
        out.add(ns)
    return out


def mce(elem, ignorable=frozenset()):
    """Markup Compatibility processing of elem's subtree, in place (ECMA-376 Part 3 §10)."""
    ig = elem.get("{%s}Ignorable" % MC)
    if ig is not None:
        ignorable = ignorable | prefixes_to_ns(elem, ig)
    for name in list(elem.attrib):
        ans = ns_of(name)
        if ans == MC or (ans in ignorable and ans not in ("", MC)):
            del elem.attrib[name]
    for child in list(elem):
        if not isinstance(child.tag, str):  # comments, processing instructions
            continue
        cns = ns_of(child.tag)
        if child.tag == "{%s}AlternateContent" % MC:
            chosen = None
            for branch in child:
                if not isinstance(branch.tag, str):
                    continue
                if branch.tag == "{%s}Choice" % MC:
                    req = prefixes_to_ns(branch, branch.get("Requires", ""))
                    if req <= UNDERSTOOD:
                        chosen = branch
                        break
                elif branch.tag == "{%s}Fallback" % MC:
                    chosen = branch
                    break
            index = list(elem).index(child)
            elem.remove(child)
            if chosen is not None:
                for k, moved in enumerate(list(chosen)):
                    elem.insert(index + k, moved)
                    if isinstance(moved.tag, str):
                        mce(moved, ignorable)
            continue
        if cns in ignorable and cns != MC:
            elem.remove(child)
            continue
        mce(child, ignorable)


def resolve(source_part, target):
    """The part name a relationship of source_part points at."""
    if target.startswith("/"):
        return target.lstrip("/")
    base = posixpath.dirname(source_part)
    return posixpath.normpath(posixpath.join(base, target))


def rels_name(part):
    """The relationships part of part ('' = the package)."""
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def check_package(path, schema):
    """Problems found in one package, as strings."""
    problems = []
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        return ["%s: not a zip package (%s)" % (path, e)]
    names = [n for n in z.namelist() if not n.endswith("/")]
    nameset = set(names)
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)

    def parse(part):
        return etree.fromstring(z.read(part), parser)

    # Content types.
    if "[Content_Types].xml" not in nameset:
        problems.append("%s: no [Content_Types].xml" % path)
        defaults, overrides = {}, {}
    else:
        ct = parse("[Content_Types].xml")
        defaults = {e.get("Extension", "").lower(): e.get("ContentType") for e in ct.iter("{%s}Default" % CT_NS)}
        overrides = {e.get("PartName", "").lstrip("/"): e.get("ContentType") for e in ct.iter("{%s}Override" % CT_NS)}
        for o in sorted(overrides):
            if o not in nameset:
                problems.append("%s: content type override for a missing part /%s" % (path, o))
    for n in names:
        if n == "[Content_Types].xml":
            continue
        ext = n.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(n) else ""
        if n not in overrides and ext not in defaults:
            problems.append("%s: part /%s has no content type" % (path, n))

    # Reachability through relationships, from the package root.
    reached, todo = set(), [""]
    while todo:
        src = todo.pop()
        rn = "_rels/.rels" if src == "" else rels_name(src)
        if rn not in nameset:
            if src == "":
                problems.append("%s: no _rels/.rels" % path)
            continue
        for r in parse(rn).iter("{%s}Relationship" % REL_NS):
            if r.get("TargetMode") == EXTERNAL:
                continue
            t = resolve(src, r.get("Target", ""))
            if t not in nameset:
                problems.append("%s: /%s: relationship %s points at a missing part /%s" % (path, rn, r.get("Id"), t))
                continue
            ext = t.rsplit(".", 1)[-1].lower()
            ctype = overrides.get(t, defaults.get(ext))
            wanted = REQUIRED_CONTENT_TYPE.get(r.get("Type"))
            if wanted and ctype not in wanted:
                problems.append("%s: part /%s has content type %s, not %s" % (path, t, ctype, " or ".join(wanted)))
            elif ctype == GENERIC_XML and not t.endswith(".rels"):
                problems.append("%s: part /%s has only the generic content type %s" % (path, t, ctype))
            if t not in reached:
                reached.add(t)
                todo.append(t)
    for n in names:
        if n == "[Content_Types].xml" or n.endswith(".rels"):
            continue
        if n not in reached:
            problems.append("%s: part /%s is reached by no relationship" % (path, n))
    for n in names:
        if n.endswith(".rels") and n != "_rels/.rels":
            d, f = posixpath.split(n)
            owner = posixpath.join(posixpath.dirname(d), f[: -len(".rels")])
            if owner not in nameset:
                problems.append("%s: relationships part /%s belongs to no part" % (path, n))

    # Schema validity of every XML part.
    for n in names:
        data = z.read(n)
        if not (n.endswith(".xml") or n.endswith(".rels")):
            continue
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as e:
            problems.append("%s: /%s: not well-formed: %s" % (path, n, e))
            continue
        try:
            mce(root)
        except ValueError as e:
            problems.append("%s: /%s: %s" % (path, n, e))
            continue
        root_ns = ns_of(root.tag)
        if root_ns not in UNDERSTOOD:
            problems.append("%s: /%s: no schema for the root element %s" % (path, n, root.tag))
            continue
        # Serialise and re-parse so that line numbers and namespace scopes are those of the processed tree.
        doc = etree.fromstring(etree.tostring(root), parser)
        if not schema.validate(doc):
            for e in schema.error_log:
                problems.append("%s: /%s:%d: %s" % (path, n, e.line, e.message))
    return problems


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--schemas", default=os.path.join(here, "ooxml-schemas"))
    ap.add_argument("--edition", choices=["2016", "2013"], default="2016")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv)
    try:
        schema = load_schema(a.schemas, a.edition)
    except (etree.XMLSchemaParseError, OSError) as e:
        sys.stderr.write("validate.py: cannot load the schemas in %s: %s\n" % (a.schemas, e))
        return 2
    bad = 0
    for f in a.files:
        problems = check_package(f, schema)
        if problems:
            bad += 1
            for p in problems:
                print(p)
        else:
            print("%s: valid" % f)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
