"""Fault injection on real reports: python benchmarks/fault_injection.py FILE... (detected/variants per file)."""
import sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.faults import run
files = [Path(p) for p in sys.argv[1:]]
T=H=0
for p in files:
    t0=time.time()
    total, hits, missed = run(p)
    T+=total; H+=hits
    print(f"{p.name:45} {hits}/{total} {100*hits/max(total,1):.1f}% {time.time()-t0:.1f}s", missed[:6])
print("overall", H, T, f"{100*H/max(T,1):.1f}%")
