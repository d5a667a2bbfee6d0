"""Authoring aid (not a test): print the findings a would-be case produces.

    python -m tests.rules.try_case cn-national-common T3-001 '[{set_cell="applications/new_received/natural_person", to="10"}]'
"""
import sys
import tomllib
from pathlib import Path

from .cases import describe, run_case

set_id, rule = sys.argv[1], sys.argv[2]
extra = tomllib.loads("c = {" + (sys.argv[3] if len(sys.argv) > 3 else "") + "}")["c"]
case = {"name": "try", **extra}
base = case.pop("base_file", None)
path = Path(__file__).parent / set_id / f"{rule}.toml"
if not path.exists():
    path.parent.mkdir(exist_ok=True)
    path.write_text(f'rule = "{rule}"\nbase = "{base or "2021-department.md"}"\n', encoding="utf-8")
print(describe(run_case(path, case)))
