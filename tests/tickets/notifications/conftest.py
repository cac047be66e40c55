import imaplib
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.mail_helpers import free_port
from tickets.notifications.gateway import gateway_controller


@pytest.fixture
def gateway(transactional_db):
    """The SMTP gateway on a free loopback port, in a thread of this process (so it shares
    the test database); stopped after the test."""
    port = free_port()
    controller = gateway_controller(host="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


DOVECOT = Path("/usr/sbin/dovecot")
DOVECOT_CONF = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:~/Maildir
first_valid_uid = 1
default_internal_user = dovecot
default_login_user = dovenull
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/home/%u
}}
"""


@dataclass(frozen=True)
class ImapServer:
    port: int
    user: str
    password: str

    def deliver(self, message: EmailMessage) -> None:
        with imaplib.IMAP4("127.0.0.1", self.port, timeout=10) as client:
            client.login(self.user, self.password)
            client.append("INBOX", None, None, message.as_bytes())

    def unseen(self) -> int:
        with imaplib.IMAP4("127.0.0.1", self.port, timeout=10) as client:
            client.login(self.user, self.password)
            client.select("INBOX")
            _status, data = client.uid("SEARCH", None, "UNSEEN")
            return len(data[0].split())


@pytest.fixture
def imap_server():
    """Debian's dovecot with a configuration of its own (plain IMAP on a free loopback
    port, one mailbox), stopped after the test. `make test` installs it when missing."""
    if not DOVECOT.exists():
        pytest.fail(f"{DOVECOT} is missing: `make mail-deps` (apt-get install dovecot-imapd).")
    # Outside pytest's private temporary tree: dovecot's own users must read this folder.
    root = Path(tempfile.mkdtemp(prefix="helpdesk-dovecot-"))
    root.chmod(0o755)
    for folder in ("run", "state", "home"):
        (root / folder).mkdir()
    (root / "home").chmod(0o777)
    server = ImapServer(port=free_port(), user="support", password="imap-test-password")
    (root / "passwd").write_text(f"{server.user}:{{PLAIN}}{server.password}\n")
    config = root / "dovecot.conf"
    config.write_text(DOVECOT_CONF.format(root=root, port=server.port))
    process = subprocess.Popen(
        [str(DOVECOT), "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_port(server.port, process)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dovecot exited: {process.stderr.read().decode()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("dovecot did not start listening")
