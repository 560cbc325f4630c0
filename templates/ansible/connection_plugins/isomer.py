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
      isomer_exec_user:
        description: User (name or UID[:GID]) that runs commands; default the runtime's (root).
        vars:
          - name: isomer_exec_user
          - name: ansible_user
'''

import os
import shlex
import subprocess

from ansible.errors import AnsibleConnectionFailure, AnsibleError, AnsibleFileNotFound
from ansible.module_utils._text import to_bytes, to_native, to_text
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display

display = Display()



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
