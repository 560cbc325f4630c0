# isomer's executor broker: the host side of an instance's warm executor (isomer_executor.py).
# Ansible runs each task in a new worker process, so the one long-lived `isomer-runtime exec` pipe
# into the instance needs an owner that outlives workers: this process. The first worker that
# needs it starts it; it listens on an abstract unix socket named after ansible-playbook's pid and
# the instance, takes one request per connection from workers of the same uid (SO_PEERCRED), relays
# it to the executor and the reply back. It exits when ansible-playbook exits (pidfd), when the
# executor's pipe closes (instance gone), or with ansible-playbook's process group on an abort.
#
# Usage: python3 isomer_executor_broker.py NAME WATCH_PID -- EXEC_ARGV...
# Prints one line on stdout, then closes it: `ready`, `busy` (another broker has NAME), or
# `fallback: <why>` when the executor cannot start (no or an old interpreter): the broker then stays
# and answers every request `{"fallback": true}`, so that workers run those tasks by plain exec
# without paying a failed start each.
import json
import os
import select
import socket
import struct
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
# argv of the interpreter in the instance: read the executor's source (length line, then the file)
# from stdin and run it.
BOOTSTRAP = ('import sys;n=int(sys.stdin.buffer.readline());'
             'exec(compile(sys.stdin.buffer.read(n),"isomer_executor","exec"))')


def read_exact(read, n):
    chunks = []
    while n:
        chunk = read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(read):
    ''' (header, [segments]) of one frame, or None at EOF. '''
    head = read_exact(read, 4)
    if head is None:
        return None
    raw = read_exact(read, int.from_bytes(head, "big"))
    if raw is None:
        return None
    header = json.loads(raw)
    segments = []
    for n in header.get("lens", []):
        data = read_exact(read, n)
        if data is None:
            return None
        segments.append(data)
    return header, segments


def frame(header, *segments):
    head = json.dumps(dict(header, lens=[len(s) for s in segments])).encode()
    return len(head).to_bytes(4, "big") + head + b"".join(segments)


class Broker(object):
    def __init__(self, proc, why=None):
        self.proc = proc
        self.why = why
        self.lock = threading.Lock()
        self.waiting = {}
        self.next_id = 0
        self.dead = False

    def relay(self, header, program):
        slot = {"event": threading.Event(), "reply": None}
        with self.lock:
            if self.dead:
                return None
            self.next_id += 1
            rid = self.next_id
            self.waiting[rid] = slot
            try:
                self.proc.stdin.write(frame({"id": rid, "env": header.get("env") or {}}, program))
                self.proc.stdin.flush()
            except OSError:
                self.waiting.pop(rid, None)
                return None
        slot["event"].wait()
        return slot["reply"]

    def read_replies(self):
        while True:
            got = read_frame(self.proc.stdout.read)
            if got is None:
                break
            slot = self.waiting.pop(got[0].get("id"), None)
            if slot:
                slot["reply"] = got
                slot["event"].set()
        with self.lock:
            self.dead = True
            for slot in self.waiting.values():
                slot["event"].set()
            self.waiting.clear()

    def serve_client(self, conn):
        try:
            creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            if struct.unpack("3i", creds)[1] != os.getuid():
                return
            request = read_frame(conn.recv)
            if request is None:
                return
            if self.proc is None:
                conn.sendall(frame({"fallback": True, "why": self.why}))
                return
            reply = self.relay(request[0], request[1][0])
            if reply is None:
                return  # the client sees EOF: the executor is gone
            conn.sendall(frame({"rc": reply[0]["rc"]}, *reply[1]))
        except OSError:
            pass
        finally:
            conn.close()


def start_executor(argv):
    ''' The exec running the executor, after its ready frame; raises with the exec's stderr. '''
    stderr_path = os.environ.get("ISOMER_EXECUTOR_LOG")
    stderr = open(stderr_path, "ab") if stderr_path else subprocess.PIPE
    proc = subprocess.Popen(argv + ["-c", BOOTSTRAP], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, bufsize=0)
    with open(os.path.join(HERE, "isomer_executor.py"), "rb") as f:
        source = f.read()
    try:
        proc.stdin.write(str(len(source)).encode() + b"\n" + source)
        proc.stdin.flush()
    except OSError:
        pass
    ready = read_frame(proc.stdout.read)
    if ready is None or not ready[0].get("ready"):
        why = b""
        if proc.stderr is not None:
            proc.stdin.close()
            why = proc.stderr.read()
        proc.wait()
        raise RuntimeError("the executor did not start (exit {0}): {1}".format(proc.returncode, why.decode("utf-8", "replace").strip()))
    if proc.stderr is not None:
        # keep draining the exec's stderr so that it never blocks on a full pipe
        threading.Thread(target=lambda: [None for _ in iter(lambda: proc.stderr.read(65536), b"")], daemon=True).start()
    return proc


def main():
    name, watch = sys.argv[1], int(sys.argv[2])
    argv = sys.argv[sys.argv.index("--") + 1:]
    out = sys.stdout
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind("\0" + name)
    except OSError:
        out.write("busy\n")
        return 0
    listener.listen(64)
    try:
        pidfd = os.pidfd_open(watch)
    except OSError:
        out.write("fallback: ansible-playbook (pid {0}) is gone\n".format(watch))
        return 0
    try:
        broker = Broker(start_executor(argv))
        out.write("ready\n")
    except (OSError, RuntimeError) as e:
        broker = Broker(None, str(e))
        out.write("fallback: {0}\n".format(e))
    out.flush()
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    os.close(null)
    reader = threading.Thread(target=broker.read_replies if broker.proc else lambda: pidfd_wait(pidfd), daemon=True)
    reader.start()
    while reader.is_alive():
        readable, _, _ = select.select([listener, pidfd], [], [], 1.0)
        if pidfd in readable:
            break
        if listener in readable:
            conn, _ = listener.accept()
            threading.Thread(target=broker.serve_client, args=(conn,), daemon=True).start()
    listener.close()
    if broker.proc:
        try:
            broker.proc.stdin.close()
        except OSError:
            pass
        broker.proc.wait()
    return 0


def pidfd_wait(pidfd):
    select.select([pidfd], [], [])


if __name__ == "__main__":
    sys.exit(main())
