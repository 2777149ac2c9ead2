#!/bin/sh
# Lighthouse (SEO, best practices, accessibility) against a running portal
# (docs/operations.md, "Lighthouse"). Lighthouse is installed outside the repository:
#
#   mkdir -p /work/lh && cd /work/lh && npm init -y && npm install lighthouse
#   LIGHTHOUSE=/work/lh/node_modules/.bin/lighthouse sh bench/lighthouse.sh http://127.0.0.1:8000
#
# With no paths given it measures the home page, the archive and the current draft.
# It prints one line of category scores per page and every failed audit, and exits
# non-zero when SEO or best practices is below 1.0 on any page.
set -eu
BASE="${1:-http://127.0.0.1:8000}"
shift 2>/dev/null || true
LIGHTHOUSE="${LIGHTHOUSE:-lighthouse}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
OUT="${LIGHTHOUSE_OUT:-$(mktemp -d)}"
FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"

if [ "$#" -eq 0 ]; then
    # The current draft is the one the home page links to.
    DRAFT=$(curl -fsS "$BASE/" | grep -o 'href="/programmes/[^"]*/drafts/[0-9]*/"' | head -1 | cut -d'"' -f2)
    set -- / /programmes/ ${DRAFT:-}
fi

status=0
for path in "$@"; do
    name=$(echo "$path" | tr '/' '_')
    for preset in mobile desktop; do
        extra=""
        [ "$preset" = desktop ] && extra="--preset=desktop"
        report="$OUT/lh${name}-$preset.json"
        "$LIGHTHOUSE" "$BASE$path" $extra --quiet \
            --only-categories=seo,best-practices,accessibility \
            --chrome-flags="$FLAGS" --output=json --output-path="$report" || {
            status=1  # Lighthouse measures only pages that answer 200
            continue
        }
        python3 - "$report" "$path" "$preset" <<'PY' || status=1
import json, sys
report, path, preset = sys.argv[1:4]
data = json.load(open(report))
scores = {k: c["score"] for k, c in data["categories"].items()}
print(f"{path} ({preset}): " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(scores.items())))
for key, category in data["categories"].items():
    for ref in category["auditRefs"]:
        audit = data["audits"][ref["id"]]
        if audit["score"] is not None and audit["score"] < 1:
            print(f"  {key}: {audit['id']} — {audit['title']}")
sys.exit(0 if scores["seo"] == 1 and scores["best-practices"] == 1 else 1)
PY
    done
done
echo "Reports: $OUT"
exit $status
