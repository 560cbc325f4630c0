# isomer: record every task that reported a change, one JSON object per line, in the file named
# by $ISOMER_CHANGES_FILE. A notification callback: the normal screen output stays as it is.
# isomer's idempotence check reads the file (src/provisioner/changes.ts).
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = """
    name: isomer_changes
    type: notification
    short_description: record changed tasks as JSON lines for isomer's idempotence check
    description:
      - Appends one JSON line per changed task result to the file named by ISOMER_CHANGES_FILE.
    requirements:
      - enable in ansible.cfg with callbacks_enabled = isomer_changes
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "isomer_changes"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._path = os.environ.get("ISOMER_CHANGES_FILE")
        self._in_handler = False

    def _write(self, record):
        if not self._path:
            return
        with open(self._path, "a") as stream:
            stream.write(json.dumps(record, sort_keys=True) + "\n")

    def _changed(self, result, handler):
        if not result._result.get("changed", False):
            return
        task = result._task
        self._write({
            "host": result._host.get_name(),
            "task": task.get_name().strip(),
            "action": task.action,
            "path": task.get_path() or "",
            "handler": handler,
        })

    def v2_runner_on_ok(self, result):
        self._changed(result, self._in_handler)

    def v2_playbook_on_handler_task_start(self, task):
        self._in_handler = True

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._in_handler = False
