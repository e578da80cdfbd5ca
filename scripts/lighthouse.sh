#!/usr/bin/env bash
# Runs Lighthouse (npm's, pinned: 13 wants Node 22) with Debian's Chromium on the home page, the
# catalogue, a resource page and the sign-in page of a local site with the demo data, and prints the
# accessibility, best-practices and SEO scores (performance is not measured on a shared machine).
# Usage: scripts/lighthouse.sh            (builds nothing: run `dotnet build` first; LIGHTHOUSE_MINIMUM=98)
# Needs: chromium at /usr/bin/chromium, Node 20+, and `npm install --prefix .tools -E lighthouse@12.2.3`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
lighthouse="$root/.tools/node_modules/.bin/lighthouse"
[ -x "$lighthouse" ] || npm install --prefix .tools --no-audit --no-fund --silent -E lighthouse@12.2.3
minimum=${LIGHTHOUSE_MINIMUM:-98}

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

# A throwaway site: its own SQLite file, index and files, the demo data. Development, because an
# unpublished build finds wwwroot through the static web assets manifest there only, and because
# other environments answer plain http with a 400 (they expect a TLS proxy).
ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Default="Data Source=$work/rtes.db" \
Database__SeedDemoData=true \
Search__IndexPath="$work/index" \
Storage__Root="$work/files" \
Email__PublicBaseUrl="$base" \
Cookies__HostPrefix=false \
Serilog__WriteTo__1__Args__configure__0__Args__path="$work/logs/rtes-.log" \
  bash -c 'cd src/RtesResources.Web && exec dotnet bin/Debug/net10.0/RtesResources.Web.dll --urls "$0"' "$base" >"$work/site.log" 2>&1 &
site=$!
trap 'kill "$site" 2>/dev/null || true; wait "$site" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 120); do
  if curl -fsS "$base/healthz/ready" >/dev/null 2>&1; then break; fi
  sleep 1
done
curl -fsS "$base/healthz/ready" >/dev/null || { echo "The site did not start:"; cat "$work/site.log"; exit 1; }

status=0
echo "Lighthouse $("$lighthouse" --version) on $(date -u +%Y-%m-%d), Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
for path in / /ressources /ressources/fiche-3-l-ess-au-coeur-des-competences-du-bloc-communal /compte/connexion; do
  CHROME_PATH=/usr/bin/chromium "$lighthouse" "$base$path" --quiet --output=json --output-path="$work/report.json" \
    --only-categories=accessibility,best-practices,seo --locale=fr \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking" >/dev/null 2>"$work/lighthouse.log" \
    || { echo "Lighthouse failed on $path:"; tail -20 "$work/lighthouse.log"; exit 1; }
  node -e '
    const r = require(process.argv[1]);
    const min = Number(process.argv[3]);
    const cats = ["accessibility", "best-practices", "seo"].map(k => [r.categories[k].title, Math.round(r.categories[k].score * 100)]);
    console.log(process.argv[2].padEnd(70) + cats.map(([t, s]) => `${t} ${s}`).join(" | "));
    for (const k of ["accessibility", "best-practices", "seo"]) {
      for (const ref of r.categories[k].auditRefs) {
        const a = r.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`    ${k}: ${a.id} — ${a.title}`);
      }
    }
    process.exit(cats.every(([, s]) => s >= min) ? 0 : 2);
  ' "$work/report.json" "$path" "$minimum" || status=1
done
exit $status
