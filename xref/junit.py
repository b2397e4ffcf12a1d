"""JUnit XML, the test report format CI systems (GitHub Actions, GitLab, Jenkins) show natively.

The gate writes one test case per expectation, so a team sees which known conflict
was lost in the same place it sees failing unit tests. Only the common subset of
the format is used (testsuites/testsuite/testcase with failure, error or skipped),
and no timestamps or timings, so the same result always gives the same file.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

OUTCOMES = ("passed", "failure", "error", "skipped")


@dataclass
class TestCase:
    """One JUnit test case; ``outcome`` is passed, failure, error (could not be checked) or skipped."""

    __test__ = False  # not a pytest class, despite the name

    classname: str
    name: str
    outcome: str = "passed"
    message: str = ""
    details: str = ""


def junit_tree(suite_name: str, cases: list[TestCase], properties: dict[str, str] | None = None) -> ET.ElementTree:
    """One testsuite inside testsuites, with the counts CI tools read from the attributes."""
    counts = Counter(case.outcome for case in cases)
    unknown = set(counts) - set(OUTCOMES)
    if unknown:
        raise ValueError(f"unknown test outcome(s): {sorted(unknown)}")
    totals = {
        "tests": str(len(cases)),
        "failures": str(counts["failure"]),
        "errors": str(counts["error"]),
        "skipped": str(counts["skipped"]),
    }
    root = ET.Element("testsuites", {"name": suite_name, **totals})
    suite = ET.SubElement(root, "testsuite", {"name": suite_name, **totals})
    if properties:
        props = ET.SubElement(suite, "properties")
        for name, value in properties.items():
            ET.SubElement(props, "property", {"name": name, "value": value})
    for case in cases:
        element = ET.SubElement(suite, "testcase", {"classname": case.classname, "name": case.name})
        if case.outcome != "passed":
            child = ET.SubElement(element, case.outcome, {"message": case.message, "type": case.outcome})
            child.text = case.details or None
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(
    path: str | Path, suite_name: str, cases: list[TestCase], properties: dict[str, str] | None = None
) -> None:
    """Write atomically (temp file and rename), readable by all, so a CI step never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree = junit_tree(suite_name, cases, properties)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            tree.write(handle, encoding="utf-8", xml_declaration=True)
            handle.write(b"\n")
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
