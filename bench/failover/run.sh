#!/usr/bin/env bash
# Failover benchmark (issue 4): Lifeline vs Patroni. See bench/failover/README.md.
#   bench/failover/run.sh [--trials N] [--blip-trials N] [--systems patroni-default,patroni-tuned,patroni-tuned-sync,lifeline]
#                         [--rate WRITES_PER_S] [--warmup S] [--blip-pause S] [--blip-observe S] [--out DIR] [--run-as USER]
# As root it installs what Patroni needs from Debian and creates the unprivileged user the servers run as.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run_as=lifeline-sandbox
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == --run-as ]] && run_as="${args[i + 1]}"
done

if [[ $(id -u) -ne 0 ]]; then
  echo "run.sh: needs root (installs packages, runs PostgreSQL, etcd and Patroni as $run_as, signals them)" >&2
  exit 2
fi

need=()
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || need+=(postgresql-15)
command -v patroni >/dev/null 2>&1 || need+=(patroni)
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
/usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || need+=(python3-psycopg2)
/usr/bin/python3 -c 'import etcd' >/dev/null 2>&1 || need+=(python3-etcd)
if (( ${#need[@]} > 0 )); then
  echo "run.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian enables the packaged services (and starts them where systemd runs); the benchmark runs its own etcd and
  # Patroni on free ports, so stop and disable those two, and only those.
  [[ " ${need[*]} " == *" etcd-server "* ]] && { systemctl disable --now etcd >/dev/null 2>&1 || true; }
  [[ " ${need[*]} " == *" patroni "* ]] && { systemctl disable --now patroni >/dev/null 2>&1 || true; }
fi
id -u "$run_as" >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$run_as"

dotnet build "$root/bench/failover/Lifeline.FailoverBench/Lifeline.FailoverBench.csproj" -c Release --nologo -v quiet -o "$root/.build/failover-bench" >&2
exec dotnet "$root/.build/failover-bench/Lifeline.FailoverBench.dll" "$@"
