# isomer's warm executor: runs inside an instance, started once per playbook run over one
# `isomer-runtime exec` pipe by the host-side broker (broker.py), and runs each Python program it is
# sent (a pipelined AnsiballZ module, or interpreter discovery's script) in a forked child of this
# already started interpreter, as `/bin/sh -c 'PYTHON'` with the program on stdin would: same
# interpreter, environment (plus the command's assignments), cwd, umask, argv [''], `__main__`
# without a file, stdin at EOF, exit code (128 + signal when killed). The child is discarded after
# each program, so nothing a module does to interpreter state reaches the next one; only standard
# library modules are imported here beforehand, never Ansible's own (they come in each payload).
# What is kept across programs is compiled code: the .py files in an AnsiballZ payload's zip are
# compiled once here, keyed by their source's digest, and zipimport's compile step in the child
# takes the code object from that cache (with the child's file name) instead of compiling the same
# source again, as a .pyc would spare it; the module's code still runs fresh in every child.
#
# Protocol on fds 0 (requests) and 1 (replies), each frame: 4-byte big-endian header length, a
# JSON header, then the byte segments the header's `lens` lists.
#   request  {"id": N, "env": {K: V}, "lens": [len(program)]} program
#   reply    {"id": N, "rc": RC, "lens": [len(stdout), len(stderr)]} stdout stderr
# The broker first sends this file itself as one line with its length, then the file (see broker.py).
import os
import sys

PRELOAD = (
    "base64", "collections", "datetime", "errno", "fcntl", "grp", "hashlib", "io", "itertools", "json", "locale",
    "platform", "pwd", "re", "runpy", "select", "selectors", "shlex", "shutil", "signal", "stat", "subprocess",
    "syslog", "tempfile", "time", "traceback", "types", "zipfile", "zipimport", "ast", "glob", "string", "struct",
    "textwrap", "uuid", "warnings", "copy", "functools", "inspect", "typing", "importlib.util", "pkgutil",
    "binascii", "bisect", "bz2", "contextlib", "ctypes", "encodings.cp437", "enum", "fnmatch", "ipaddress", "keyword",
    "linecache", "logging", "lzma", "math", "pathlib", "random", "reprlib", "threading", "token", "tokenize",
    "urllib.parse", "weakref", "zlib", "__future__",
)


def _preload():
    for name in PRELOAD:
        try:
            __import__(name)
        except Exception:
            pass


def _read_exact(fd, n):
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_frame(fd, header, *segments):
    import json
    head = json.dumps(dict(header, lens=[len(s) for s in segments])).encode()
    _write_all(fd, len(head).to_bytes(4, "big") + head + b"".join(segments))


def _refile(code, filename):
    ''' `code` and the code objects in it as compiled from `filename`. '''
    import types
    consts = tuple(_refile(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


class CompileCache(object):
    ''' Code objects of the payloads' .py files by the digest of their (normalized) source. '''

    def __init__(self):
        import zipimport
        self.codes = {}
        self.enabled = hasattr(zipimport, "_compile_source") and hasattr(zipimport, "_normalize_line_endings")

    def learn(self, program):
        ''' Compile what the AnsiballZ zip in `program` holds that is not cached yet. '''
        import base64
        import hashlib
        import io
        import re
        import zipfile
        import zipimport
        if not self.enabled:
            return
        m = re.search(b'ZIPDATA = """([A-Za-z0-9+/=\\s]*)"""', program)
        if not m:
            return
        try:
            archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(m.group(1))))
            for info in archive.infolist():
                if info.filename.endswith(".py"):
                    source = zipimport._normalize_line_endings(archive.read(info))
                    key = hashlib.sha256(source).digest()
                    if key not in self.codes:
                        self.codes[key] = compile(source, info.filename, "exec", dont_inherit=True)
        except Exception:
            return  # anything unexpected: the child compiles as usual

    def install(self):
        ''' In the child: zipimport compiles through the cache. '''
        import hashlib
        import zipimport
        if not self.enabled or not self.codes:
            return
        original = zipimport._compile_source
        codes = self.codes

        def compile_source(pathname, source):
            code = codes.get(hashlib.sha256(zipimport._normalize_line_endings(source)).digest())
            return original(pathname, source) if code is None else _refile(code, pathname)
        zipimport._compile_source = compile_source


class Executor(object):
    def __init__(self):
        import json
        import selectors
        import signal
        self.json = json
        self.base_env = dict(os.environ)
        self.cwd = os.getcwd()
        # our own protocol fds, off 0/1 so that children can take 0, 1 and 2
        self.req_fd = os.dup(0)
        self.rep_fd = os.dup(1)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.close(null)
        self.sel = selectors.DefaultSelector()
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        os.set_blocking(self.wake_r, False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(self.wake_w)
        self.sel.register(self.req_fd, selectors.EVENT_READ, "request")
        self.sel.register(self.wake_r, selectors.EVENT_READ, "wake")
        self.jobs = {}  # pid -> {"id", "out": [fd, chunks], "err": [fd, chunks]}
        self.codes = CompileCache()

    def serve(self):
        ''' Run until the broker closes our stdin; returns (in a child only) the program to run. '''
        import selectors
        while True:
            for key, _ in self.sel.select():
                if key.data == "request":
                    request = self._read_request()
                    if request is None:
                        return None
                    job = self._start(*request)
                    if job is not None:
                        return job
                elif key.data == "wake":
                    try:
                        while os.read(self.wake_r, 512):
                            pass
                    except BlockingIOError:
                        pass
                    self._reap()
                else:
                    pid, stream = key.data
                    self._drain(pid, stream, block=True)

    def _read_request(self):
        head = _read_exact(self.req_fd, 4)
        if head is None:
            return None
        header = self.json.loads(_read_exact(self.req_fd, int.from_bytes(head, "big")))
        program = _read_exact(self.req_fd, header["lens"][0])
        return header, program

    def _start(self, header, program):
        import selectors
        self.codes.learn(program)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            keep = (0, 1, 2)
            for fd in (out_r, out_w, err_r, err_w, self.req_fd, self.rep_fd, self.wake_r, self.wake_w):
                if fd not in keep:
                    os.close(fd)
            for job in self.jobs.values():
                for stream in ("out", "err"):
                    if job[stream][0] is not None:
                        os.close(job[stream][0])
            self.sel.close()
            return header, program
        os.close(out_w)
        os.close(err_w)
        self.jobs[pid] = {"id": header["id"], "out": [out_r, []], "err": [err_r, []], "status": None}
        self.sel.register(out_r, selectors.EVENT_READ, (pid, "out"))
        self.sel.register(err_r, selectors.EVENT_READ, (pid, "err"))
        return None

    def _drain(self, pid, stream, block):
        ''' Read what `stream` of job `pid` holds; close it at EOF. Non-blocking after the child
        exited, so a daemon the module left holding the pipe does not hold the reply. '''
        job = self.jobs.get(pid)
        fd = job[stream][0] if job else None
        if fd is None:
            return
        if not block:
            os.set_blocking(fd, False)
        while True:
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                chunk = None
            if chunk:
                job[stream][1].append(chunk)
                if block:
                    return
                continue
            if chunk is None and block:
                return
            self.sel.unregister(fd)
            os.close(fd)
            job[stream][0] = None
            break
        self._maybe_reply(pid)

    def _reap(self):
        while self.jobs:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid not in self.jobs:
                continue
            self.jobs[pid]["status"] = status
            self._drain(pid, "out", block=False)
            self._drain(pid, "err", block=False)
            self._maybe_reply(pid)

    def _maybe_reply(self, pid):
        job = self.jobs.get(pid)
        if job is None or job["status"] is None:
            return
        for stream in ("out", "err"):
            if job[stream][0] is not None:
                return
        del self.jobs[pid]
        status = job["status"]
        rc = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
        write_frame(self.rep_fd, {"id": job["id"], "rc": rc}, b"".join(job["out"][1]), b"".join(job["err"][1]))


def _run_child(executor, header, program):
    ''' In the forked child: become `/bin/sh -c 'PYTHON'` fed `program`, then exit as Python does. '''
    import signal
    import types
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.environ.clear()
    os.environ.update(executor.base_env)
    os.environ.update(header.get("env") or {})
    os.chdir(executor.cwd)
    if os.environ.get("PWD") != executor.cwd:
        os.environ["PWD"] = executor.cwd  # as the /bin/sh of a plain exec exports it
    executor.codes.install()
    sys.argv = [""]
    main = types.ModuleType("__main__")
    main.__file__ = "<stdin>"
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    del executor, header
    try:
        exec(compile(program, "<stdin>", "exec", dont_inherit=True), main.__dict__)
    except SystemExit:
        raise
    except BaseException as e:
        # as the interpreter prints an uncaught exception, without this file's frame
        import traceback
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        sys.exit(1)


def main():
    _preload()
    executor = Executor()
    write_frame(executor.rep_fd, {"ready": True, "pid": os.getpid()})
    job = executor.serve()
    if job is None:
        return
    _run_child(executor, *job)


if __name__ == "__main__":
    main()
