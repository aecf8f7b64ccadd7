#!/usr/bin/env python3
"""Counts the commands in MONITOR logs (see redis-server beside this file): clients' and scripts' apart, with the
subcommand of container commands, and lists every use of an option newer than Redis 6.0 (COMMAND DOCS "since")."""
import collections
import re
import sys

CONTAINERS = {'ACL', 'CLIENT', 'CLUSTER', 'COMMAND', 'CONFIG', 'DEBUG', 'FUNCTION', 'LATENCY', 'MEMORY', 'MODULE',
              'OBJECT', 'PUBSUB', 'SCRIPT', 'SLOWLOG', 'XGROUP', 'XINFO'}
LINE = re.compile(r'^\d+\.\d+ \[(\d+) ([^\]]+)\] (.*)$')
TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"')


def newer_option(name, arguments):
    """An option newer than 6.0 in a command's arguments, or None."""
    upper = [argument.upper() for argument in arguments]
    if name == 'SET':
        return next((o for o in upper[2:] if o in ('GET', 'EXAT', 'PXAT')), None)
    if name in ('EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT') and len(upper) > 2:
        return upper[2]
    if name == 'ZADD':
        return next((o for o in upper[1:4] if o in ('GT', 'LT')), None)
    if name == 'ZRANGE':
        return next((o for o in upper[3:] if o in ('BYSCORE', 'BYLEX', 'REV', 'LIMIT')), None)
    if name in ('LPOP', 'RPOP') and len(upper) > 1:
        return 'count'
    if name in ('FLUSHALL', 'FLUSHDB') and 'SYNC' in upper:
        return 'SYNC'
    if name == 'XADD':
        return next((o for o in upper if o in ('NOMKSTREAM', 'MINID', 'LIMIT')), None)
    if name == 'GEOADD':
        return next((o for o in upper if o in ('NX', 'XX', 'CH')), None)
    return None


clients, scripts, newer = collections.Counter(), collections.Counter(), collections.Counter()
for path in sys.argv[1:]:
    with open(path, errors='replace') as log:
        for line in log:
            match = LINE.match(line.strip())
            tokens = TOKEN.findall(match.group(3)) if match else []
            if not tokens:
                continue
            name = tokens[0].upper()
            if name in CONTAINERS and len(tokens) > 1:
                name += ' ' + tokens[1].upper()
            (scripts if match.group(2) == 'lua' else clients)[name] += 1
            option = newer_option(tokens[0].upper(), tokens[1:])
            if option:
                newer[f'{name} {option}'] += 1
print('from clients:')
for name, count in sorted(clients.items()):
    print(f'  {name} {count}')
print('from scripts:')
for name, count in sorted(scripts.items()):
    print(f'  {name} {count}')
print('options newer than Redis 6.0:', dict(newer) if newer else 'none')
