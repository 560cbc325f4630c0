# -*- coding: utf-8 -*-
# isomer's Ansible connection: runs every command, put and fetch through the OCI runtime binary's
# `exec` (isomer-runtime; runc and crun take the same command line), never through isomer's Node
# CLI, because exec is the hot path of a converge. Shipped in templates/ and named by the
# ansible.cfg isomer generates.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
    name: isomer
    short_description: Run tasks in an isomer container through the OCI runtime's exec
    description:
        - Runs commands, puts and fetches files in a container created by isomer, calling the
          runtime binary (C{isomer-runtime exec}) directly. runc and crun work too.
    author: isomer
    options:
      pipelining:
        description:
          - Send each module on the exec's stdin instead of mkdir + put + chmod + run + rm; on by
            default here (Ansible's fragment says false) because the runtime's exec has no tty with
            or without it, so sudo's C(requiretty) refuses either way. It also lets the plugin hand
            modules to the instance's warm executor.
        default: true
        type: boolean
        env:
          - name: ANSIBLE_PIPELINING
        ini:
          - section: defaults
            key: pipelining
          - section: connection
            key: pipelining
        vars:
          - name: ansible_pipelining
      isomer_runtime:
        description: Path of the OCI runtime binary.
        default: isomer-runtime
        vars:
          - name: isomer_runtime
        env:
          - name: ISOMER_RUNTIME
      isomer_root:
        description: The runtime's state directory (C(--root)).
        default: /run/isomer/runtime
        vars:
          - name: isomer_root
        env:
          - name: ISOMER_RUNTIME_ROOT
      isomer_container:
        description: Container id; defaults to the host's address (C(ansible_host) or the inventory name).
        vars:
          - name: isomer_container
      isomer_executor:
        description:
          - Run pipelined Python modules in the instance's warm executor (one interpreter started
            per playbook run over one exec, each module in a forked child of it) instead of one
            exec + a new interpreter per module; under passwordless sudo become, one interpreter
            started under that sudo. Anything else (raw, other become methods, file transfer,
            other interpreters' commands) takes the plain exec.
        default: true
        type: boolean
        env:
          - name: ISOMER_EXECUTOR
        vars:
          - name: isomer_executor
      isomer_exec_user:
        description: User (name or UID[:GID]) that runs commands; default the runtime's (root).
        vars:
          - name: isomer_exec_user
          - name: ansible_user
'''

import hashlib
import os
import re
import shlex
import socket
import subprocess
import sys
import time

from ansible.errors import AnsibleConnectionFailure, AnsibleError, AnsibleFileNotFound
from ansible.module_utils._text import to_bytes, to_native, to_text
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display

display = Display()

EXECUTOR_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'executor')
if EXECUTOR_DIR not in sys.path:
    sys.path.insert(0, EXECUTOR_DIR)
import isomer_executor_broker as broker  # noqa: E402  (templates/ansible/executor/)

# A shell word as shlex.quote writes it: safe characters, single-quoted text, or "'" (a quote).
_WORD = r"""(?:[A-Za-z0-9_@%+=:,./-]|'[^']*'|"'")*"""
# `/bin/sh -c` text of a pipelined Python program as Ansible's sh shell builds it:
# `[NAME=VALUE ...] /path/python [&& sleep 0]`, nothing the shell would expand.
_PIPELINED = re.compile(r"^\s*((?:[A-Za-z_][A-Za-z0-9_]*=" + _WORD + r"\s+)*)(/[A-Za-z0-9_@%+:,./-]+)\s*(?:&&\s*sleep\s+0\s*)?$")
# Variables that change how an interpreter starts: with them, the plain exec starts a new one.
_STARTUP_ENV = re.compile(r"^(PYTHON|LC_|LANG$|LANGUAGE$)")
# The wrapper Ansible's sudo become plugin puts around a program when no password is asked (`-n`):
# `sudo FLAGS -u USER /bin/sh -c 'echo BECOME-SUCCESS-ID ; PROGRAM'`.
_SUDO = re.compile(r"^\s*sudo((?:\s+-[A-Za-z]+)*)\s+-u\s+([A-Za-z0-9_][A-Za-z0-9_.-]*)\s+/bin/sh\s+-c\s+('[^']*')\s*(?:&&\s*sleep\s+0\s*)?$")
_SUCCESS = re.compile(r"^echo (BECOME-SUCCESS-[a-z]+) ; (.*)$", re.S)


def _python_program(text):
    ''' (interpreter, env) when shell text `text` runs only a Python program read from stdin. '''
    m = _PIPELINED.match(text)
    if not m or not re.search(r'/python[0-9.]*$', m.group(2)):
        return None
    env = {}
    for assignment in shlex.split(m.group(1)):
        key, _, value = assignment.partition('=')
        if _STARTUP_ENV.match(key):
            return None
        env[key] = value
    return m.group(2), env


def pipelined_python(cmd):
    ''' (interpreter, env, become) when `cmd` runs only a Python program read from stdin, else None.
    `become` is None, or for a program under passwordless sudo {prefix: the sudo argv before the
    program, marker: the BECOME-SUCCESS line Ansible's sh prints first, command: the SUDO_COMMAND
    sudo would set}: the executor for it is started under that same sudo. '''
    try:
        words = shlex.split(cmd)
    except ValueError:
        return None
    if len(words) != 3 or words[0] != '/bin/sh' or words[1] != '-c':
        return None
    sudo = _SUDO.match(words[2])
    if not sudo:
        program = _python_program(words[2])
        return program and (program[0], program[1], None)
    flags = sudo.group(1).split()
    if '-n' not in flags:
        return None  # sudo may ask for a password: that takes the plain exec
    inner = shlex.split(sudo.group(3))[0]
    success = _SUCCESS.match(inner)
    program = success and _python_program(success.group(2))
    if not program:
        return None
    become = {'prefix': ['sudo'] + flags + ['-u', sudo.group(2)], 'marker': success.group(1), 'command': u'/bin/sh -c ' + inner}
    return program[0], program[1], become


class Connection(ConnectionBase):
    ''' Tasks in an isomer container, through `<runtime> --root R exec ID /bin/sh -c CMD` '''

    transport = 'isomer'
    has_pipelining = True

    def __init__(self, *args, **kwargs):
        super(Connection, self).__init__(*args, **kwargs)
        self._uid_cache = {}

    def _connect(self):
        if not self._connected:
            display.vvv(u"ISOMER CONNECTION to {0} via {1}".format(self._container(), self.get_option('isomer_runtime')),
                        host=self._play_context.remote_addr)
            self._connected = True
        return self

    def _container(self):
        return self.get_option('isomer_container') or self._play_context.remote_addr

    def _exec_argv(self, argv, user=None):
        runtime = self.get_option('isomer_runtime')
        cmd = [runtime, '--root', self.get_option('isomer_root'), 'exec']
        if user:
            cmd += ['--user', self._numeric_user(user)]
        return cmd + [self._container()] + argv

    def _user(self):
        user = self.get_option('isomer_exec_user')
        return None if user in (None, '', 'root', '0') else user

    def _numeric_user(self, user):
        ''' The runtime CLI takes UID[:GID]: names are looked up once, in the container. '''
        if all(part.isdigit() for part in user.split(':')):
            return user
        if user not in self._uid_cache:
            script = 'id -u {0} && id -g {0}'.format(shlex.quote(user))
            p = subprocess.run(self._exec_argv(['/bin/sh', '-c', script]), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            ids = to_text(p.stdout).split()
            if p.returncode != 0 or len(ids) != 2:
                raise AnsibleConnectionFailure(u"isomer: user `{0}` does not exist in container `{1}`: {2}".format(
                    user, self._container(), to_text(p.stderr).strip()))
            self._uid_cache[user] = u'{0}:{1}'.format(ids[0], ids[1])
        return self._uid_cache[user]

    def exec_command(self, cmd, in_data=None, sudoable=True):
        ''' Run `cmd` with /bin/sh in the container; `in_data` is its stdin (pipelining). '''
        super(Connection, self).exec_command(cmd, in_data=in_data, sudoable=sudoable)
        if in_data and self.get_option('isomer_executor'):
            program = pipelined_python(to_text(cmd))
            if program:
                result = self._executor_run(program[0], program[1], program[2], to_bytes(in_data))
                if result is not None:
                    return result
        argv = self._exec_argv(['/bin/sh', '-c', to_text(cmd)], self._user())
        display.vvv(u"EXEC {0}".format(u' '.join(shlex.quote(to_text(a)) for a in argv)), host=self._container())
        try:
            p = subprocess.Popen([to_bytes(a) for a in argv], stdin=subprocess.PIPE if in_data else subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            raise AnsibleConnectionFailure(u"isomer: cannot run the runtime `{0}`: {1}".format(
                self.get_option('isomer_runtime'), to_native(e)))
        stdout, stderr = p.communicate(in_data)
        self._report_failure(p.returncode, to_text(cmd), stderr)
        return (p.returncode, stdout, stderr)

    def _executor_name(self, interpreter, become):
        ''' The broker's abstract socket: one per ansible-playbook process, instance, user, become
        command and interpreter. '''
        key = u'\0'.join([self.get_option('isomer_runtime'), self.get_option('isomer_root'), self._container(),
                          self._user() or u'', u' '.join(become['prefix']) if become else u'', interpreter])
        return u'isomer-executor/{0}/{1}'.format(os.getppid(), hashlib.sha256(to_bytes(key)).hexdigest()[:24])

    def _executor_connect(self, interpreter, become):
        ''' A socket to the instance's broker, starting one when there is none; None: use plain exec. '''
        name = self._executor_name(interpreter, become)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(u'\0' + name)
            return sock
        except OSError:
            pass
        argv = [sys.executable, os.path.join(EXECUTOR_DIR, 'isomer_executor_broker.py'), name, str(os.getppid()), '--']
        argv += self._exec_argv((become['prefix'] if become else []) + [interpreter], self._user())
        p = subprocess.Popen([to_bytes(a) for a in argv], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, close_fds=True)
        said = to_text(p.stdout.readline()).strip()
        p.stdout.close()
        display.vvv(u"ISOMER EXECUTOR broker for {0}: {1}".format(interpreter, said), host=self._container())
        for _ in range(100):
            try:
                sock.connect(u'\0' + name)
                return sock
            except OSError:
                time.sleep(0.02)
        sock.close()
        return None

    def _executor_run(self, interpreter, env, become, program):
        ''' (rc, stdout, stderr) of `program` run by the instance's executor, or None: use plain exec.
        Under sudo the module sees the SUDO_COMMAND sudo would have set, and stdout starts with the
        BECOME-SUCCESS line, as by plain exec. '''
        sock = self._executor_connect(interpreter, become)
        if sock is None:
            return None
        if become:
            env = dict(env, SUDO_COMMAND=become['command'])
        with sock:
            sock.sendall(broker.frame({'env': env}, program))
            reply = broker.read_frame(sock.recv)
        if reply is None:
            raise AnsibleConnectionFailure(u"isomer: the executor in container `{0}` stopped during the task".format(self._container()))
        if reply[0].get('fallback'):
            display.vvv(u"ISOMER EXECUTOR unavailable ({0}): plain exec".format(reply[0].get('why')), host=self._container())
            return None
        display.vvv(u"ISOMER EXECUTOR RUN {0}{1} (rc {2})".format(u' '.join(become['prefix']) + u' ' if become else u'', interpreter, reply[0]['rc']), host=self._container())
        stdout, stderr = reply[1]
        if become:
            stdout = to_bytes(become['marker']) + b'\n' + stdout
        return (reply[0]['rc'], stdout, stderr)

    def _report_failure(self, returncode, cmd, stderr):
        ''' Show the runtime's own errors (`isomer-runtime: exec: <step>: <why>`), and the stderr of a
        failed temporary-directory command, which Ansible only prints at -vvvv. '''
        if returncode == 0 or not stderr:
            return
        text = to_text(stderr, errors='surrogate_or_strict').strip()
        if text.startswith(u'isomer-runtime:') or u'\nisomer-runtime:' in text or u'ansible-tmp-' in cmd:
            display.warning(u"isomer: exec in container `{0}` exited {1}: {2}".format(
                self._container(), returncode, text))

    def _stream(self, script, stdin, stdout, what, path):
        argv = self._exec_argv(['/bin/sh', '-c', script], self._user())
        p = subprocess.Popen([to_bytes(a) for a in argv], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        _, stderr = p.communicate()
        if p.returncode != 0:
            raise AnsibleError(u"isomer: failed to {0} `{1}` in container `{2}` (exit {3}): {4}".format(
                what, path, self._container(), p.returncode, to_text(stderr).strip()))

    def put_file(self, in_path, out_path):
        ''' Copy a local file into the container: streamed on the exec's stdin, binary-safe. '''
        super(Connection, self).put_file(in_path, out_path)
        display.vvv(u"PUT {0} TO {1}".format(in_path, out_path), host=self._container())
        if not os.path.exists(to_bytes(in_path, errors='surrogate_or_strict')):
            raise AnsibleFileNotFound(u"file or module does not exist: {0}".format(in_path))
        with open(to_bytes(in_path, errors='surrogate_or_strict'), 'rb') as src:
            self._stream('cat > {0}'.format(shlex.quote(out_path)), src, subprocess.DEVNULL, 'put', out_path)

    def fetch_file(self, in_path, out_path):
        ''' Copy a file out of the container: streamed from the exec's stdout. '''
        super(Connection, self).fetch_file(in_path, out_path)
        display.vvv(u"FETCH {0} TO {1}".format(in_path, out_path), host=self._container())
        tmp = out_path + '.isomer-part'
        try:
            with open(to_bytes(tmp, errors='surrogate_or_strict'), 'wb') as dst:
                self._stream('cat -- {0}'.format(shlex.quote(in_path)), subprocess.DEVNULL, dst, 'fetch', in_path)
            os.rename(tmp, out_path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def close(self):
        self._connected = False
