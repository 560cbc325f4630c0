"""The webserver role, checked with testinfra (`verifier: name: testinfra`): the same checks as
webserver.test.ts, so a Molecule scenario's Python tests run unchanged through isomer."""

PORT = 8080


def test_nginx_installed(host):
    assert host.system_info.distribution == "debian"
    assert host.package("nginx-light").is_installed


def test_site_user_owns_document_root(host):
    user = host.user("www-site")
    assert user.exists
    assert user.home == "/srv/www"
    assert user.shell == "/usr/sbin/nologin"
    assert host.group("www-site").exists
    root = host.file("/srv/www")
    assert root.is_directory
    assert root.user == "www-site"
    assert root.mode == 0o755


def test_index_page_templated(host):
    page = host.file("/srv/www/index.html")
    assert page.is_file
    assert page.mode == 0o644
    assert page.user == "www-site"
    assert page.contains("Served by " + host.backend.get_hostname())


def test_site_configured_and_enabled(host):
    enabled = host.file("/etc/nginx/sites-enabled/isomer-site")
    assert enabled.is_symlink
    assert enabled.linked_to == "/etc/nginx/sites-available/isomer-site"
    assert host.file("/etc/nginx/sites-available/isomer-site").contains("listen %d;" % PORT)


def test_nginx_running_enabled_listening(host):
    nginx = host.service("nginx")
    assert nginx.is_running
    assert nginx.is_enabled
    assert host.socket("tcp://0.0.0.0:%d" % PORT).is_listening
    # testinfra's process module needs ps, which debian:bookworm lacks: read /proc instead
    # (a /proc/PID entry belongs to the process's user)
    master = host.file("/run/nginx.pid").content_string.strip()
    assert host.file("/proc/%s/cmdline" % master).content_string.startswith("nginx: master")
    assert host.file("/proc/%s" % master).user == "root"
    workers = host.run("grep -l '^nginx: worker' /proc/[0-9]*/cmdline").stdout.split()
    assert workers
    assert all(host.file(w).user == "www-data" for w in workers)


def test_page_served_on_loopback(host):
    assert "127.0.0.1" in host.interface("lo").addresses
    assert host.addr("127.0.0.1").port(PORT).is_reachable
    assert host.mount_point("/").exists
    assert "/usr/sbin" in host.environment()["PATH"]
