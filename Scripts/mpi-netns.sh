#!/usr/bin/env bash
# Run an MPI program across two Linux network namespaces joined by a veth pair,
# with Open MPI restricted to TCP, so CI proves that traffic really crosses a
# network link (no shared memory shortcut).  Needs root (or CAP_NET_ADMIN +
# CAP_SYS_ADMIN), iproute2 and Open MPI 4.x.
#
#   Scripts/mpi-netns.sh [-n RANKS] -- PROGRAM [ARGS...]
#
# Env: MPI_NETNS_TIMEOUT (seconds, default 300) bounds mpirun; every SWARM_*
# variable plus PATH/LD_LIBRARY_PATH and the names in MPI_NETNS_ENV (space
# separated) are forwarded to all ranks.  Exit code is mpirun's (124 = timeout).
set -euo pipefail

usage() { echo "usage: $0 [-n RANKS] -- PROGRAM [ARGS...]" >&2; exit 2; }
ranks=4
while [ $# -gt 0 ]; do
    case "$1" in
        -n) [ $# -ge 2 ] || usage; ranks=$2; shift 2 ;;
        --) shift; break ;;
        *) usage ;;
    esac
done
[ $# -ge 1 ] || usage
case "$ranks" in '' | *[!0-9]*) usage ;; esac
[ "$ranks" -ge 2 ] || { echo "$0: RANKS must be >= 2" >&2; exit 2; }
timeout_s=${MPI_NETNS_TIMEOUT:-300}

# $$ keeps names unique between parallel runs; interface names must stay
# <= 15 chars, pid_max allows 7 digits.  The subnet only has to be unique
# inside the pair (namespaces are isolated), varying it just eases debugging.
ns_a="swarm-a-$$" ns_b="swarm-b-$$"
if_a="swa$$" if_b="swb$$"
net="10.213.$(( $$ % 250 + 1 ))"
addr_a="$net.1" addr_b="$net.2"
ranks_a=$(( (ranks + 1) / 2 )) ranks_b=$(( ranks / 2 ))
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpi-netns.XXXXXX")

cleanup() {
    set +e
    # Deleting a namespace name does not kill what runs inside it; stray
    # orted/ranks (e.g. after a timeout) would keep the netns alive unnamed.
    for ns in "$ns_a" "$ns_b"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    done
    for ns in "$ns_a" "$ns_b"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap always tears down.
trap 'exit 143' TERM; trap 'exit 130' INT; trap 'exit 129' HUP

ip netns add "$ns_a"
ip netns add "$ns_b"
# Create both ends directly inside their namespaces: nothing ever appears in
# the caller's namespace, so parallel runs cannot collide there.
ip link add "$if_a" netns "$ns_a" type veth peer name "$if_b" netns "$ns_b"
ip -n "$ns_a" addr add "$addr_a/24" dev "$if_a"
ip -n "$ns_b" addr add "$addr_b/24" dev "$if_b"
for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" link set "$if_a" up
ip -n "$ns_b" link set "$if_b" up

# plm_rsh calls "AGENT HOST word word ..." and the words were built for a
# remote *shell* (values already carry literal "..." quoting, ';' etc.), just
# like ssh would concatenate them.  So join them with spaces and give the
# result to sh -c -- do NOT exec "$@" directly.  The local host never goes
# through the agent; mapping it anyway is harmless.
cat >"$tmp/agent" <<EOF
#!/bin/sh
host=\$1; shift
case "\$host" in
    $addr_a) ns=$ns_a ;;
    $addr_b) ns=$ns_b ;;
    *) echo "mpi-netns agent: unknown host \$host" >&2; exit 255 ;;
esac
exec ip netns exec "\$ns" sh -c "\$*" </dev/null
EOF
chmod +x "$tmp/agent"

# Rank order follows the hostfile: ranks 0..ranks_a-1 in A, the rest in B.
printf '%s slots=%s\n%s slots=%s\n' "$addr_a" "$ranks_a" "$addr_b" "$ranks_b" >"$tmp/hosts"

fwd=()
for v in PATH LD_LIBRARY_PATH ${MPI_NETNS_ENV:-} $(compgen -e | grep '^SWARM_' || true); do
    [ -n "${!v+x}" ] && fwd+=(-x "$v")
done

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
echo "mpi-netns: $ranks ranks: $ns_a/$if_a=$addr_a x$ranks_a <-veth-> $ns_b/$if_b=$addr_b x$ranks_b, btl tcp,self on $net.0/24, timeout ${timeout_s}s" >&2

# pml ob1 is forced because pml ucx (or cm/ofi) would bypass the btl list;
# osc ucx would also open UCX.  Binding is off: CI boxes have few cores.
# stdin: CI may have none at all; mpirun must not inherit a closed fd 0.
set +e
ip netns exec "$ns_a" timeout -k 10 "$timeout_s" \
    mpirun --allow-run-as-root --oversubscribe --bind-to none \
        -np "$ranks" --hostfile "$tmp/hosts" \
        --mca plm rsh --mca plm_rsh_agent "$tmp/agent" \
        --mca pml ob1 --mca osc '^ucx' --mca btl tcp,self \
        --mca btl_tcp_if_include "$net.0/24" --mca oob_tcp_if_include "$net.0/24" \
        "${fwd[@]}" "$@" </dev/null &
wait $!
rc=$?
set -e
[ "$rc" -eq 124 ] && echo "mpi-netns: mpirun timed out after ${timeout_s}s" >&2
exit "$rc"
