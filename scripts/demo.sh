#!/usr/bin/env bash
# The demo in one command: starts an engine in a scratch directory with four shipped templates
# enabled and the tutorial's webhook playbook, feeds the examples through the real triggers
# (mail over SMTP, the form as a browser posts it and as Microsoft Forms JSON, a webhook, alert
# ingest), and prints the incidents and runs that came out. Nothing outside the scratch
# directory changes; it is removed at the end unless --keep is given.
#
#   scripts/demo.sh [--keep]
#
# Builds the engine first (installing packages as scripts/run.sh does) unless TOCSIN_BIN names
# a built `tocsin` binary.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
[[ "${1:-}" == "--keep" ]] && keep=true

if [[ -z "${TOCSIN_BIN:-}" ]]; then
  scripts/install-deps.sh
  scripts/build.sh -DTOCSIN_BUILD_TESTS=OFF --target tocsin
  TOCSIN_BIN="${TOCSIN_BUILD_DIR:-build}/src/tocsin"
fi
tocsin_bin=$(realpath "$TOCSIN_BIN")
command -v curl >/dev/null || { echo "demo: curl is needed (apt-get install curl)" >&2; exit 1; }

work=$(mktemp -d /tmp/tocsin-demo.XXXXXX)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  if $keep; then echo "demo: kept $work (engine log: $work/engine.log)"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
tocsin() { "$tocsin_bin" "$@"; }

# A fixed Admin token for this throw-away engine (the first start creates it).
export TOCSIN_TOKEN="tcn_0d3e5a9c-7b21-4c6e-9f10-2a4b6c8d0e1f_$(printf 'de%.0s' {1..32})"

step "Enabling templates into $work/playbooks"
mkdir -p "$work/playbooks"
enable() { tocsin templates enable "$@" --templates playbooks/templates --to "$work/playbooks"; }
enable create-incident-from-email --param reply=false  # no mail relay in the demo
enable create-incident-from-form
enable close-with-reason-on-watchlist
enable phishing-tasks
cp examples/tutorial/webhook-to-incident.lua "$work/playbooks/"

step "Starting the engine"
TOCSIN_BOOTSTRAP_TOKEN="$TOCSIN_TOKEN" "$tocsin_bin" serve \
  --listen 127.0.0.1:0 --data-dir "$work/data" --config examples/tocsin.json \
  --set "playbooks.dirs=[\"$work/playbooks\"]" \
  --set email.listen=127.0.0.1:0 --set email.mailboxes=soc@contoso.com \
  >"$work/engine.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 200); do
  grep -q '^tocsin: listening on ' "$work/engine.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/engine.log" >&2; exit 1; }
  sleep 0.1
done
api=$(sed -n 's/^tocsin: listening on //p' "$work/engine.log" | head -1)
smtp=$(sed -n 's/^tocsin: smtp listening on //p' "$work/engine.log" | head -1)
[[ -n "$api" && -n "$smtp" ]] || { echo "demo: the engine did not start" >&2; cat "$work/engine.log" >&2; exit 1; }
export TOCSIN_SERVER="$api"
echo "API $api, SMTP $smtp"

step "Uploading the known-scanners watchlist"
tocsin watchlists create known-scanners --csv examples/watchlists/known-scanners.csv --key IP \
  --display-name "Known scanners"

step "Mail to soc@contoso.com over SMTP (examples/email/incident-report.eml)"
curl -sS "smtp://$smtp" --mail-from priya.raman@contoso.com --mail-rcpt soc@contoso.com \
  --upload-file examples/email/incident-report.eml
echo "accepted"

step "The report form, as a browser posts it (CSRF token and cookie from the page)"
page=$(curl -sS -c "$work/cookies" "$api/forms/report-suspicious-activity")
csrf=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)
curl -sS -b "$work/cookies" -o "$work/form-answer.html" -w 'HTTP %{http_code}\n' \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data "_csrf=$csrf&$(cat examples/forms/report-suspicious-activity.form)" \
  "$api/forms/report-suspicious-activity"
sed -n 's/.*<h1>\([^<]*\)<\/h1>.*/\1/p' "$work/form-answer.html" | head -1

step "The same form as Microsoft Forms JSON (examples/forms/report-suspicious-activity.json)"
curl -sS -w '\nHTTP %{http_code}\n' -H 'Content-Type: application/json' \
  --data @examples/forms/report-suspicious-activity.json "$api/forms/report-suspicious-activity"

step "A webhook from a detection tool (examples/tutorial/alert.json)"
curl -sS -w '\nHTTP %{http_code}\n' -H "Authorization: Bearer $TOCSIN_TOKEN" \
  -H 'Content-Type: application/json' --data @examples/tutorial/alert.json \
  "$api/api/v1/webhooks/edr-alert"

step "Alert ingest: an attack story and a port scan (examples/alerts/attack-story.json)"
tocsin alerts ingest examples/alerts/attack-story.json

step "Waiting for the engine to settle"
# Alert routing and the runs it starts happen after ingest has answered: wait until no run is
# running and the number of runs has stopped changing.
last=-1
for _ in $(seq 1 150); do
  runs=$(tocsin runs list --top 1000 --json)
  total=$(grep -c '"status"' <<<"$runs" || true)
  running=$(grep -c '"status": *"running"' <<<"$runs" || true)
  [[ "$running" == 0 && "$total" == "$last" ]] && break
  last=$total
  sleep 0.4
done

step "Incidents"
tocsin incidents list --all
step "Runs"
tocsin runs list --top 50
