#!/usr/bin/env bash
# The site's benchmark: bench/run.sh [N]   (N resources, default 100000; docs/performance.md)
#
# Builds the site in Release into a temporary folder, generates N French resources as a JSON Lines
# import file, imports them with the site's own `import` command into a fresh SQLite database (timed),
# rebuilds the search index with `reindex` when the site has that command (timed), starts the site on
# 127.0.0.1, drives it with wrk (anonymous pages, searches, then a member's pages and searches), and
# prints requests/s, p50, p99, the share of the static-file ceiling, the peak memory and PASS/MISS
# against the targets; "alone ms" is the median time of single requests on the idle site.
# Everything is removed at the end (KEEP=1 keeps the temporary folder).
#
# Environment: DURATION (seconds per scenario, default 15), CONNECTIONS (default 16), THREADS (default 2);
# a request slower than 10 s counts as an error.
set -euo pipefail

N="${1:-100000}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/rtes-bench.XXXXXX)"
SITE_PID=""

cleanup() {
  if [[ -n "$SITE_PID" ]] && kill -0 "$SITE_PID" 2>/dev/null; then
    kill "$SITE_PID" 2>/dev/null || true
    wait "$SITE_PID" 2>/dev/null || true
  fi
  if [[ "${KEEP:-0}" == "1" ]]; then
    echo "Kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

step() { printf '\n== %s (%s)\n' "$1" "$(date +%H:%M:%S)"; }
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.1f}')"; }

if ! command -v wrk >/dev/null; then
  step "Installing wrk"
  apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

step "Building the site in Release"
dotnet publish "$ROOT/src/RtesResources.Web" -c Release -o "$WORK/site" --nologo -v q >"$WORK/publish.log" 2>&1 \
  || { cat "$WORK/publish.log"; exit 1; }

step "Generating $N resources"
python3 "$ROOT/bench/generate.py" "$N" "$WORK/data"

export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__Default="Data Source=$WORK/bench.db"
export Database__Provider=Sqlite
export Database__SeedDemoData=false
export Email__PublicBaseUrl=http://127.0.0.1
export Email__Delivery=Pickup
export Email__PickupFolder="$WORK/mail"
export Storage__Root="$WORK/files"
export Search__IndexPath="$WORK/index"
export Serilog__WriteTo__1__Args__configure__0__Args__path="$WORK/logs/rtes-.log"
# From the publish folder: the content root (appsettings.json, logs) is the working directory.
site() { (cd "$WORK/site" && dotnet RtesResources.Web.dll "$@"); }

step "Fresh database: migrations (they create the six kinds) and the demo data set"
# `migrate` alone would do for the import; the demo data set keeps results comparable with earlier runs.
site demo-data

step "Importing $N resources"
start=$(now)
site import "$WORK/data/catalogue.jsonl" >"$WORK/import.log" 2>&1 || { tail -20 "$WORK/import.log"; exit 1; }
IMPORT_SECONDS=$(elapsed "$start" "$(now)")
tail -1 "$WORK/import.log"
echo "import: $IMPORT_SECONDS s"

REINDEX_SECONDS="n/a"
if site help | grep -q '^ *reindex'; then
  step "Rebuilding the search index"
  start=$(now)
  site reindex
  REINDEX_SECONDS=$(elapsed "$start" "$(now)")
  echo "reindex: $REINDEX_SECONDS s"
else
  echo "No 'reindex' command in this build: the index rebuild is not measured."
fi

step "A member collectivity and a member"
EMAIL=agent@ville-exemple.fr
PASSWORD='Essai-Charge-2026!'
site collectivities add --name "Ville Exemple" --kind commune --member-until 2030-12-31
site users add --email "$EMAIL" --role Member --collectivity "Ville Exemple" --name "Agent Exemple"
printf '%s\n' "$PASSWORD" | site users set-password --email "$EMAIL" --password-stdin

step "Starting the site"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
(cd "$WORK/site" && ASPNETCORE_URLS="$BASE" Database__MigrateOnStartup=false exec dotnet RtesResources.Web.dll >"$WORK/site.log" 2>&1) &
SITE_PID=$!
for _ in $(seq 1 120); do
  [[ "$(curl -s "$BASE/healthz" || true)" == "Healthy" ]] && break
  kill -0 "$SITE_PID" 2>/dev/null || { tail -20 "$WORK/site.log"; exit 1; }
  sleep 0.5
done
[[ "$(curl -s "$BASE/healthz")" == "Healthy" ]] || { echo "The site did not answer Healthy"; tail -20 "$WORK/site.log"; exit 1; }
echo "site on $BASE (pid $SITE_PID)"

step "Logging in as the member"
# Production cookies are Secure and __Host- prefixed, and antiforgery refuses plain http: every request
# says it came through a TLS-terminating proxy (X-Forwarded-Proto, trusted from loopback), as in
# production, and cookies are carried by hand (curl keeps no Secure cookie received over http).
PROTO=(-H "X-Forwarded-Proto: https")
cookies_of() { grep -i '^set-cookie:' "$1" | sed -E 's/^[^:]*: *//; s/;.*//' | tr -d '\r' | awk 'length($0) > 0 && $0 !~ /=$/' | paste -sd ';' | sed 's/;/; /g'; }
TOKEN=$(curl -s -D "$WORK/login-get.txt" "${PROTO[@]}" "$BASE/compte/connexion" | python3 -c '
import re, sys
m = re.search(r"name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", sys.stdin.read())
print(m.group(1) if m else "")')
[[ -n "$TOKEN" ]] || { echo "No antiforgery token on the login page"; exit 1; }
curl -s -o /dev/null -D "$WORK/login-post.txt" "${PROTO[@]}" -H "Cookie: $(cookies_of "$WORK/login-get.txt")" \
  --data-urlencode "__RequestVerificationToken=$TOKEN" --data-urlencode "Email=$EMAIL" \
  --data-urlencode "Password=$PASSWORD" --data-urlencode "ReturnUrl=/compte" "$BASE/compte/connexion"
COOKIE=$(cookies_of "$WORK/login-post.txt")
[[ "$COOKIE" == *rtes.auth=* ]] || { echo "Login failed (no rtes.auth cookie)"; exit 1; }
[[ "$(curl -s -o /dev/null -w '%{http_code}' "${PROTO[@]}" -H "Cookie: $COOKIE" "$BASE/compte")" == "200" ]] || { echo "The member cookie does not open /compte"; exit 1; }

RESULTS="$WORK/results.txt"
: >"$RESULTS"
run() { # name urls-file [cookie]
  local name="$1" urls="$WORK/data/urls-$2.txt" header=("${PROTO[@]}") alone line
  [[ $# -ge 3 ]] && header+=(-H "Cookie: $3")
  # One request at a time first (median of five distinct pages): the latency of an idle site.
  alone=$(head -5 "$urls" | while read -r path; do
      curl -s -o /dev/null -m 120 "${header[@]}" -w '%{time_total}\n' "$BASE$path"
    done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] * 1000 }')
  # A short warm-up: JIT, caches and SQLite pages, as on a site that has been up for a while.
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s --timeout 10s "${header[@]}" -s "$ROOT/bench/pick.lua" "$BASE" -- "$urls" >/dev/null
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s "${header[@]}" -s "$ROOT/bench/pick.lua" "$BASE" -- "$urls" | grep '^RESULT')
  echo "$name $alone ${line#RESULT }" | tee -a "$RESULTS"
  # Requests wrk gave up on are still queued in the site: wait for them before the next scenario.
  curl -s -o /dev/null -m 300 "${header[@]}" "$BASE$(head -1 "$urls")" || true
}

step "wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION} s per scenario"
echo "scenario alone_ms req/s p50_ms p99_ms requests non2xx errors"
run static static
run home home
run catalogue catalogue
run resources resources
run filtered filtered
run searches searches
run member-catalogue member-catalogue "$COOKIE"
run member-searches member-searches "$COOKIE"

PEAK_KB=$(awk '/^VmHWM/ { print $2 }' "/proc/$SITE_PID/status")

step "Results (N = $N, $(nproc) cores)"
python3 - "$RESULTS" "$PEAK_KB" "$IMPORT_SECONDS" "$REINDEX_SECONDS" "$N" <<'EOF'
import sys
results, peak_kb, import_s, reindex_s, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
rows = {}
for line in open(results):
    name, alone, rps, p50, p99, count, non2xx, errors = line.split()
    rows[name] = (float(rps), float(p50), float(p99), int(count), int(non2xx), int(errors), float(alone))
ceiling = rows["static"][0]
# scenario: (label, minimum share of the ceiling in %, maximum p99 in ms or None)
targets = {
    "static": ("(a) static file: the ceiling", None, None),
    "home": ("(b) home page", 50, None),
    "catalogue": ("(c) catalogue, first page", 50, None),
    "resources": ("(d) resource pages", 50, None),
    "filtered": ("(e) filtered catalogue", 10, 50),
    "searches": ("(f) mixed searches", 10, 50),
    "member-catalogue": ("(g) member catalogue", 15, 50),
    "member-searches": ("(h) member searches", 5, 50),
}
print(f"| scenario | alone ms | req/s | p50 ms | p99 ms | % of ceiling | errors | target | result |")
print(f"| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
for key, (label, share, p99max) in targets.items():
    rps, p50, p99, count, non2xx, errors, alone = rows[key]
    pct = rps / ceiling * 100
    if share is None:
        target, ok = "", None
    else:
        target = f">= {share} %" + (f", p99 < {p99max} ms" if p99max else "")
        ok = pct >= share and (p99max is None or p99 < p99max) and non2xx == 0 and errors == 0
    verdict = "" if ok is None else ("PASS" if ok else "MISS")
    # wrk's histogram holds only answered requests: none answered in time means no latency to show.
    latency = f"{p50:.1f} | {p99:.1f}" if p99 > 0 else "– | –"
    print(f"| {label} | {alone:.1f} | {rps:,.1f} | {latency} | {pct:.1f} % | {non2xx + errors} | {target} | {verdict} |")
peak_mb = peak_kb / 1024
print(f"| peak memory (VmHWM) | | {peak_mb:,.0f} MB | | | | | < 400 MB | {'PASS' if peak_mb < 400 else 'MISS'} |")
print(f"| import of {int(n):,} resources | | {import_s} s | | | | | < 60 s | {'PASS' if float(import_s) < 60 else 'MISS'} |")
if reindex_s == "n/a":
    print("| index rebuild (reindex) | | n/a: no reindex command in this build | | | | | < 60 s | n/a |")
else:
    print(f"| index rebuild (reindex) | | {reindex_s} s | | | | | < 60 s | {'PASS' if float(reindex_s) < 60 else 'MISS'} |")
EOF
