#!/usr/bin/env bash
# Runs every test. Installs the Debian packages the integration tests need (PostgreSQL, PowerDNS, aiosmtpd, Chromium for the
# dashboard's browser test) when root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

need=()
command -v nft >/dev/null 2>&1 || need+=(nftables)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || need+=(postgresql)
command -v pdns_server >/dev/null 2>&1 || need+=(pdns-server)
# The sandbox's continuous backups (WAL archive, point-in-time restore) are pgBackRest's.
[[ -x /usr/bin/pgbackrest ]] || need+=(pgbackrest)
[[ -f /usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql ]] || need+=(pdns-backend-sqlite3)
# The SMTP channel's tests run Debian's aiosmtpd with Debian's interpreter (a pyenv python3 on PATH would not see it).
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
# The browser test drives Debian's Chromium with Playwright's bundled driver; Playwright never downloads a browser here.
[[ -x /usr/bin/chromium ]] || need+=(chromium)
# The aws-* providers' tests run Debian's AWS CLI v2 (/usr/bin/aws) against a local stand-in; a pyenv v1 on PATH is not used.
[[ -x /usr/bin/aws ]] && /usr/bin/aws --version 2>/dev/null | grep -q '^aws-cli/2\.' || need+=(awscli)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The tests kill .NET processes on purpose (CLIs mid-run, portals as faults); a killed runtime leaves its diagnostic
# pipes in /tmp, three files a process. Nothing here attaches a diagnostic tool.
export DOTNET_EnableDiagnostics=0
# The sandbox's S3-compatible object stores are s3rver (npm) run by Node.js; Debian's nodejs and npm install it below.
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
# The hostile-plan-file tests measure the CLI's peak memory and CPU with GNU time.
[[ -x /usr/bin/time ]] || need+=(time)
if (( ${#need[@]} > 0 )); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "test.sh: installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # Debian starts the packaged services; the tests run their own on free ports.
    systemctl disable --now pdns >/dev/null 2>&1 || service pdns stop >/dev/null 2>&1 || true
  else
    echo "test.sh: missing packages; run: sudo apt-get install -y ${need[*]}" >&2
    exit 2
  fi
fi

# s3rver into the prefix the sandbox reads (as `lifeline sandbox up` would as root), once, before tests start sandboxes
# in parallel.
s3rver_prefix=/usr/local/lib/lifeline-s3rver
if [[ ! -f "$s3rver_prefix/node_modules/s3rver/package.json" && -z "${LIFELINE_S3RVER:-}" ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "test.sh: installing s3rver 3.7.1 into $s3rver_prefix" >&2
    npm install --prefix "$s3rver_prefix" --no-audit --no-fund s3rver@3.7.1 >/dev/null
  else
    echo "test.sh: s3rver missing; run: sudo npm install --prefix $s3rver_prefix s3rver@3.7.1" >&2
    exit 2
  fi
fi

results="$root/.build/test-results"
rm -rf "$results"
dotnet build Lifeline.slnx -c Release --nologo -v quiet
# Two lanes, as many as the machine's cores: the longest projects (the sandbox's, the CLI's) start first, each in its own
# lane, and the short ones fill in behind them. Left to the solution's alphabetical order, the sandbox project started
# last and the run took about 3 minutes longer. A test project not named here joins the second lane.
# Measured in a fresh clone under a CPU hog (2026-12-02): Sandbox 14.5 min, CLI 15, Providers 4.5, Engine, Server and
# Browser 1.5 each, Core 0.5.
first=(Lifeline.Sandbox.Tests Lifeline.Server.Tests Lifeline.Browser.Tests Lifeline.Engine.Tests Lifeline.Core.Tests)
second=(Lifeline.Cli.Tests Lifeline.Providers.Tests)
for project in test/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  [[ " ${first[*]} ${second[*]} " == *" $name "* ]] || second+=("$name")
done
lane() {
  local failed=0 name
  for name in "$@"; do
    dotnet test "test/$name/$name.csproj" -c Release --no-build --nologo -v quiet --logger "trx" --results-directory "$results" "${args[@]}" || failed=1
  done
  return "$failed"
}
args=("$@")
lane "${first[@]}" & first_lane=$!
lane "${second[@]}" & second_lane=$!
status=0
wait "$first_lane" || status=1
wait "$second_lane" || status=1
passed=0; failed=0; skipped=0
for f in "$results"/*.trx; do
  [[ -f "$f" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f2=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  # A skipped xUnit test is a result with outcome NotExecuted; the counters' notExecuted stays 0.
  s=$(grep -c 'outcome="NotExecuted"' "$f" || true)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f2:-0})); skipped=$((skipped + ${s:-0}))
done
# What failed and why, from the results files: CI keeps only this output, and the console logger at quiet verbosity names
# a failed test without its message. perl-base is on every Debian machine.
for f in "$results"/*.trx; do
  [[ -f "$f" ]] || continue
  perl -0777 -ne '
    sub text { my $t = shift // ""; $t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&quot;/"/g; $t =~ s/&apos;/\x27/g; $t =~ s/&#xD;//g; $t =~ s/&#xA;/\n/g; $t =~ s/&amp;/&/g; my @l = split /\n/, $t; $#l = 39 if @l > 40; join("\n", map { "    $_" } @l) }
    while (/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*>(.*?)<\/UnitTestResult>/gs) {
      my ($name, $body) = ($1, $2);
      my ($message) = $body =~ /<Message>(.*?)<\/Message>/s; my ($stack) = $body =~ /<StackTrace>(.*?)<\/StackTrace>/s;
      my ($out) = $body =~ /<StdOut>(.*?)<\/StdOut>/s;
      print "FAILED $name\n", text($message), "\n  stack:\n", text($stack), "\n  output:\n", text($out), "\n";
    }
    print "SKIPPED $1\n" while /<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="NotExecuted"/g;' "$f"
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
