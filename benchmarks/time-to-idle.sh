#!/usr/bin/env bash
# Time-to-idle reads side by side on one redis-server: GETEX (Redis 6.2+) against the starter's script (GET, then
# PEXPIRE), which it uses where GETEX is missing (Azure Cache for Redis 6.0). Alternates the two, 5 rounds each, and
# prints the server's CPU per call (INFO commandstats usec_per_call) and redis-benchmark's requests per second.
#
#   REDIS_SERVER=/path/to/redis-server benchmarks/time-to-idle.sh
#
# redis-benchmark and redis-cli: from the PATH, else from benchmarks/target/redis-tools (downloaded by a run of the
# benchmark, see README "Performance").
set -euo pipefail
cd "$(dirname "$0")"
tools=target/redis-tools/root/usr
if ! command -v redis-benchmark > /dev/null && [ -x "$tools/bin/redis-benchmark" ]; then
	export PATH="$PWD/$tools/bin:$PATH" LD_LIBRARY_PATH="$PWD/$tools/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}"
fi
server=${REDIS_SERVER:-redis-server}
port=${PORT:-16390}
"$server" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no > /dev/null &
trap 'kill $!' EXIT
until redis-cli -p "$port" ping > /dev/null 2>&1; do sleep 0.1; done
script="local value = redis.call('GET', KEYS[1]) if value then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return value"
sha=$(redis-cli -p "$port" script load "$script")
redis-cli -p "$port" set idle::k "$(head -c 200 /dev/zero | tr '\0' x)" > /dev/null
per_call() {
	redis-cli -p "$port" info commandstats | grep "^cmdstat_$1:" | sed 's/.*usec_per_call=\([0-9.]*\).*/\1/'
}
echo "clients round getex_usec_per_call script_usec_per_call getex_requests_per_second script_requests_per_second"
for clients in 1 8 50; do
	for round in 1 2 3 4 5; do
		redis-cli -p "$port" config resetstat > /dev/null
		getex=$(redis-benchmark -p "$port" -c "$clients" -n 100000 -q GETEX idle::k PX 600000 | grep -o '[0-9.]* requests per second' | cut -d' ' -f1)
		getex_usec=$(per_call getex)
		redis-cli -p "$port" config resetstat > /dev/null
		scripted=$(redis-benchmark -p "$port" -c "$clients" -n 100000 -q EVALSHA "$sha" 1 idle::k 600000 | grep -o '[0-9.]* requests per second' | cut -d' ' -f1)
		script_usec=$(per_call evalsha)
		echo "$clients $round $getex_usec $script_usec $getex $scripted"
	done
done
