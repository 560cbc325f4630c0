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
    procs = host.process.filter(comm="nginx")
    assert any(p.user == "root" and p.args.startswith("nginx: master") for p in procs)
    assert any(p.user == "www-data" and p.args.startswith("nginx: worker") for p in procs)


def test_page_served_on_loopback(host):
    assert "127.0.0.1" in host.interface("lo").addresses
    assert host.addr("127.0.0.1").port(PORT).is_reachable
    assert host.mount_point("/").exists
    assert "/usr/sbin" in host.environment()["PATH"]
