#!/bin/bash
# scmap as a real Slurm array job: starts munged, slurmctld and slurmd (a one-node cluster
# with a slurm.conf written here), runs `scmap tiles --shard K/3` as sbatch --array=1-3
# --wait, merges the three shards, compares them byte for byte with one run, and stops the
# daemons it started. Where Slurm cannot start, it says why and exits 77 (CTest: skipped).
# Usage: slurm_array_job.sh SCMAP OUTDIR
set -u
scmap=$(realpath "$1") out=$2
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
skip() { echo "SKIPPED: $*"; exit 77; }
for t in munged mungekey slurmctld slurmd sbatch sinfo scontrol; do
  command -v $t >/dev/null 2>&1 || skip "$t is not installed (apt-get install slurm-wlm munge)"
done
rm -rf "$out"; mkdir -p "$out"
T=$(mktemp -d /tmp/scmap-slurm.XXXXXX)
chmod 700 "$T"
host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
cleanup() {
  SLURM_CONF=$T/slurm.conf scontrol shutdown >/dev/null 2>&1
  sleep 1
  for p in slurmd slurmctld munged; do
    [ -f "$T/$p.pid" ] && kill "$(cat "$T/$p.pid")" 2>/dev/null
  done
  rm -rf "$T"
}
trap cleanup EXIT
mungekey --create --keyfile="$T/munge.key" >/dev/null 2>&1 || skip "mungekey failed"
chmod 600 "$T/munge.key"
munged --force --socket="$T/munge.sock" --key-file="$T/munge.key" --pid-file="$T/munged.pid" \
  --log-file="$T/munged.log" --seed-file="$T/munged.seed" 2>"$T/munged.err" ||
  skip "munged did not start: $(cat "$T/munged.err" | head -2)"
mkdir -p "$T/state" "$T/spool"
cat > "$T/slurm.conf" <<CONF
ClusterName=scmaptest
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$T/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$T/slurm.conf
slurmctld -c -f "$T/slurm.conf" 2>"$T/ctl.err" || skip "slurmctld did not start: $(tail -3 "$T/slurmctld.log" 2>/dev/null) $(cat "$T/ctl.err")"
slurmd -f "$T/slurm.conf" 2>"$T/d.err" || skip "slurmd did not start: $(tail -3 "$T/slurmd.log" 2>/dev/null) $(cat "$T/d.err")"
for i in $(seq 30); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^idle' && break
  sleep 1
done
sinfo -h -o %T 2>/dev/null | grep -qE '^idle' || skip "the node did not come up: $(tail -5 "$T/slurmctld.log" "$T/slurmd.log" 2>/dev/null)"
cat > "$T/job.sh" <<JOB
#!/bin/sh
exec "$scmap" tiles --quiet --style "$style" --zoom 0-5 --format pmtiles --jobs 1 \\
  --shard \$SLURM_ARRAY_TASK_ID/3 --out "$out/shard-\$SLURM_ARRAY_TASK_ID"
JOB
chmod +x "$T/job.sh"
if ! sbatch --array=1-3 --wait -o "$T/job-%a.out" "$T/job.sh" > "$T/sbatch.out" 2>&1; then
  echo "FAIL: the array job failed: $(cat "$T/sbatch.out" "$T"/job-*.out 2>/dev/null | head -10)"
  exit 1
fi
"$scmap" merge --quiet -o "$out/merged" "$out/shard-1" "$out/shard-2" "$out/shard-3" || exit 1
"$scmap" tiles --quiet --style "$style" --zoom 0-5 --format pmtiles --out "$out/one" || exit 1
diff -r "$out/one" "$out/merged" || { echo "FAIL: merged shards differ from one run"; exit 1; }
echo "slurm: 3 array tasks, merged, byte-identical to one run"
