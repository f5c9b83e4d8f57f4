"""The root README's five-line Python example runs as written and prints what the README says."""
import re
import subprocess
import sys


def test_readme_python_example(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("### From Python and Node.js", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    expected = re.findall(r"```text\n(.*?)```", section, re.S)[0]
    assert len(code.strip().splitlines()) == 5
    out = subprocess.run([sys.executable, "-c", code], cwd=root, check=True, capture_output=True, text=True).stdout
    assert out == expected
