"""A valid rule file for tests that need one (loader and catalogue tests)."""

GOOD_RULE = '''
id = "XX-001"
name = "sample-rule"
kind = "table_identity"
severity = "error"
summary = "示例"
message = "{table}{where}：{lhs} ≠ {rhs}"
basis = ["示例依据"]
rationale = "示例理由"
limitations = "示例局限"

[params]
table = "appeals"
for_each = "row"
identity = "total == upheld + corrected + other + pending"
'''
