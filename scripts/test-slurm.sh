#!/usr/bin/env bash
# Runs the sample pipeline on a real Slurm and checks it against a local run.
#
# Starts a one-node Slurm cluster of this machine (munged, slurmctld, slurmd; configuration,
# state and logs in a temporary folder), submits Pipelines/sample.yaml with
# `neurorep slurm --shards 3 --submit` (a job array of 3 shard tasks plus a group job that
# depends on it), waits for both jobs, runs the same config locally with `neurorep run`, and
# compares the two output folders file by file. Exits non-zero on any difference, on a job
# that did not complete, or on a step that `neurorep status` does not report as done.
#
# Compared: every file of both folders except these run-specific ones:
#   .neurorep/   the run ledger (per-unit wall times, record times, a checksum cache keyed by mtime)
#   logs/        the Slurm tasks' logs (job ids, timings; only the Slurm run has them)
#   slurm/       the two batch scripts `neurorep slurm` wrote (only the Slurm run has them)
#
# Installs Debian's slurm-wlm and munge when missing (needs root or sudo). Works as root
# without systemd. Uses $NEUROREP_BIN when set (a built neurorep), else builds one.
# Stops everything it started, by pid, also when it fails.
set -euo pipefail
given_bin=${NEUROREP_BIN:+$(readlink -f "$NEUROREP_BIN")}  # resolved before the cd below
cd "$(dirname "$0")/.."
repo=$(pwd)
started=$(date +%s)
say() { echo "test-slurm: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- Slurm and munge --------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
[[ $(id -u) -eq 0 ]] || die "the daemons of a one-node cluster must run as root here (SlurmUser=root); run this as root"

# --- the neurorep binary ------------------------------------------------------------------
if [[ -n "$given_bin" ]]; then
  bin=$given_bin
else
  bash scripts/install-deps.sh
  swift build --product neurorep >&2
  bin="$repo/.build/debug/neurorep"
fi
[[ -x "$bin" ]] || die "no neurorep executable at $bin"

# --- a cluster in a temporary folder ------------------------------------------------------
D=$(mktemp -d /tmp/neurorep-slurm.XXXXXX)
chmod 700 "$D"
pids=()
jobs_to_cancel=()
local_pid=""
cleanup() {
  local status=$?
  if ((${#jobs_to_cancel[@]})); then scancel "${jobs_to_cancel[@]}" 2>/dev/null || true; sleep 2; fi
  if [[ -n "$local_pid" ]]; then kill "$local_pid" 2>/dev/null || true; wait "$local_pid" 2>/dev/null || true; fi
  # daemons in reverse order of start: slurmd, slurmctld, munged
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  if ((status == 0)); then rm -rf "$D"; else say "kept $D (daemon logs, both outputs) for a look"; fi
}
trap cleanup EXIT

host=$(hostname -s)
# two free TCP ports, so a second cluster on this machine does not collide with this one
used_ports=$(for h in $(awk 'NR > 1 { split($2, a, ":"); print a[2] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null); do echo $((16#$h)); done | sort -u)
pick_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); grep -qx "$p" <<<"$used_ports" || { echo "$p"; return; }; done; }
ctld_port=$(pick_port)
slurmd_port=$(pick_port)
[[ $slurmd_port != "$ctld_port" ]] || slurmd_port=$((ctld_port + 1))
memory_mb=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)

mkdir -p "$D/state" "$D/spool"
if command -v mungekey >/dev/null; then mungekey -c -k "$D/munge.key" -f; else dd if=/dev/urandom of="$D/munge.key" bs=1024 count=1 status=none; fi
chmod 600 "$D/munge.key"
cat >"$D/slurm.conf" <<EOF
ClusterName=neurorep-test
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$D/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MinJobAge=3600
NodeName=$host CPUs=$(nproc) RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$D/slurm.conf"

munged -F --force --key-file="$D/munge.key" --socket="$D/munge.sock" --pid-file="$D/munged.pid" \
  --log-file="$D/munged.log" --seed-file="$D/munge.seed" >"$D/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S "$D/munge.sock" ]] && break; sleep 0.1; done
[[ -S "$D/munge.sock" ]] || die "munged did not start (see $D/munged.log)"
slurmctld -D -f "$SLURM_CONF" >"$D/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$D/slurmd.out" 2>&1 &
pids+=($!)
ready=""
for _ in $(seq 120); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then ready=1; break; fi
  sleep 0.5
done
[[ -n "$ready" ]] || { sinfo 2>&1 | sed 's/^/  /' >&2 || true; die "the node did not become idle (see $D/slurmctld.log, $D/slurmd.log)"; }
say "one-node cluster up on $host (ports $ctld_port/$slurmd_port) after $(( $(date +%s) - started )) s"

# --- the sample pipeline: on Slurm, and locally --------------------------------------------
config="$repo/Pipelines/sample.yaml"
submitted=$("$bin" slurm "$config" --shards 3 --submit --out "$D/slurm out" --cpus 1 --memory 1024 --time 00:30:00 \
  --neurorep "$bin") || die "neurorep slurm --submit failed"
echo "$submitted" | sed 's/^/  /' >&2
array=$(sed -n 's/^submitted array job \([0-9][0-9]*\).*/\1/p' <<<"$submitted")
group=$(sed -n 's/^submitted group job \([0-9][0-9]*\).*/\1/p' <<<"$submitted")
[[ -n "$array" && -n "$group" ]] || die "no job ids in the output of neurorep slurm --submit"
jobs_to_cancel=("$array" "$group")

# the local reference run meanwhile (its own output folder; the same config path, so provenance agrees)
"$bin" run "$config" --out "$D/local" --jobs 2 >"$D/local-run.log" 2>&1 &
local_pid=$!

# wait for both jobs to leave the queue (every state but these is final)
limit=1200
submitted_at=$(date +%s)
while :; do
  states=$(scontrol -o show job "$array" 2>/dev/null; scontrol -o show job "$group" 2>/dev/null)
  grep -qE 'JobState=(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUED|RESIZING)' <<<"$states" || break
  (( $(date +%s) - submitted_at < limit )) || die "the jobs did not finish within $limit s: $(squeue 2>&1 | tr '\n' ' ')"
  sleep 2
done
jobs_to_cancel=()
# one line per job and array task: JobId=.. [ArrayTaskId=..] JobState=..
outcomes=$(awk '{ id = ""; task = ""; st = ""
  for (i = 1; i <= NF; i++) { if ($i ~ /^JobId=/) id = $i; if ($i ~ /^ArrayTaskId=/) task = " " $i; if ($i ~ /^JobState=/) st = $i }
  if (id != "") print id task " " st }' <<<"$states")
bad=$(grep -v 'JobState=COMPLETED$' <<<"$outcomes" || true)
if [[ -n "$bad" ]]; then
  for f in "$D"/slurm\ out/logs/*; do say "--- $f"; tail -20 "$f" >&2; done
  die "jobs that did not complete: $bad"
fi
tasks=$(grep -c 'JobState=COMPLETED$' <<<"$outcomes" || true)
((tasks == 4)) || die "expected 3 array tasks and 1 group job completed, saw: $outcomes"
say "Slurm: array job $array (3 tasks) and group job $group completed"

wait "$local_pid" || { local_pid=""; tail -30 "$D/local-run.log" >&2; die "the local neurorep run failed"; }
local_pid=""

# --- every step done, and the same files ---------------------------------------------------
"$bin" status "$D/slurm out" >"$D/status.txt" || { cat "$D/status.txt" >&2; die "neurorep status reports a failed step"; }
summary=$(tail -n 1 "$D/status.txt")
grep -qE '^[0-9]+ steps: [0-9]+ done, 0 failed, 0 running, 0 pending$' <<<"$summary" || { cat "$D/status.txt" >&2; die "not every step is done: $summary"; }
say "neurorep status: $summary"

list() { (cd "$1" && find . -type f ! -path './.neurorep/*' ! -path './logs/*' ! -path './slurm/*' | sort); }
if ! diff <(list "$D/local") <(list "$D/slurm out") >"$D/file-lists.diff"; then
  cat "$D/file-lists.diff" >&2
  die "the two runs wrote different sets of files (< local only, > Slurm only)"
fi
differ=()
count=0
while IFS= read -r f; do
  count=$((count + 1))
  cmp -s "$D/local/$f" "$D/slurm out/$f" || differ+=("$f")
done < <(list "$D/local")
if ((${#differ[@]})); then
  printf '  differs: %s\n' "${differ[@]}" >&2
  die "${#differ[@]} of $count files differ between the Slurm run and the local run"
fi
((count > 0)) || die "no output files to compare"
say "passed: $count files identical to a local run's; $(( $(date +%s) - started )) s in all"
