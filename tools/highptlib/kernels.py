# SPDX-License-Identifier: GPL-2.0
"""The kernels highpt is tested on: where they come from, how they are
built, and where the results are cached.

stock   Debian's newest linux-image-686-pae:i386 and its headers (no KUnit).
stock64 Debian's amd64 kernel matching the installed amd64 headers: the
        module must load on x86_64 too (no KUnit, no highmem).
6.1     linux-source-6.1 (bookworm), custom i386 PAE test kernel.
6.12    linux-source-6.12 (bookworm-security), custom test kernel.
latest  the newest linux-source-X.Y in Debian unstable, custom test kernel.
6.12-64 linux-source-6.12, custom x86_64 test kernel with kmemleak.

A custom kernel is built once per cache key: the source package version,
the architecture, the config fragments and this recipe.  Changing any of
them rebuilds.
"""

import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from . import paths, progress

KERNELS = ("stock", "stock64", "6.1", "6.12", "latest", "6.12-64")
RECIPE = "5"            # bump when the build steps below change
KCONFIG_DIR = os.path.join(paths.TOOLS, "kconfig")


class Recipe(NamedTuple):
    """How a custom kernel is made."""
    source: str                 # linux-source-<source>, or "latest"
    arch: str                   # make ARCH=
    extra: tuple[str, ...]      # fragments beyond common and the arch's


CUSTOM = {
    "6.1": Recipe("6.1", "i386", ()),
    "6.12": Recipe("6.12", "i386", ()),
    "latest": Recipe("latest", "i386", ()),
    # kmemleak on one kernel only: it slows every allocation.
    "6.12-64": Recipe("6.12", "x86_64", ("kmemleak.config",)),
}


class KernelError(Exception):
    pass


class Kernel:
    """A bootable kernel plus the tree that out-of-tree modules build
    against, and (for custom kernels) the source with kunit.py."""

    def __init__(self, name: str, image: str, build: str,
                 source: str | None = None, version: str = "") -> None:
        self.name = name
        self.image = image
        self.build = build
        self.source = source
        self.version = version

    @property
    def has_kunit(self) -> bool:
        return config_value(self.build, "CONFIG_KUNIT") in ("y", "m")

    @property
    def is_32bit(self) -> bool:
        return config_value(self.build, "CONFIG_X86_32") == "y"

    @property
    def has_kmemleak(self) -> bool:
        return config_value(self.build, "CONFIG_DEBUG_KMEMLEAK") == "y"

    @property
    def cmdline(self) -> list[str]:
        """Kernel parameters every boot of this kernel gets by default."""
        words = []
        if config_value(self.build, "CONFIG_DEBUG_PAGEALLOC") == "y":
            words.append("debug_pagealloc=on")
        return words

    def kunit_py(self) -> str | None:
        if not self.source:
            return None
        return os.path.join(self.source, "tools/testing/kunit/kunit.py")


def config_value(tree: str, option: str) -> str | None:
    try:
        with open(os.path.join(tree, ".config")) as f:
            for line in f:
                if line.startswith(option + "="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def log(msg: str) -> None:
    print("highpt kernel: " + msg, file=sys.stderr, flush=True)


def run(cmd: list[str], what: str = "", **kw: Any) -> None:
    """Run @cmd, saying every 30 s that @what (by default, the
    command's name) still runs."""
    log("+ " + " ".join(cmd))
    with progress.step(what or os.path.basename(cmd[0])):
        subprocess.run(cmd, check=True, **kw)


def version_key(v: str) -> list[int | str]:
    return [int(x) if x.isdigit() else x for x in re.split(r"[.\-+~]", v)]


# ---- stock -----------------------------------------------------------

def stock() -> Kernel:
    images = glob.glob("/boot/vmlinuz-*-686-pae")
    if not images:
        raise KernelError("no /boot/vmlinuz-*-686-pae: run tools/setup.sh")
    image = max(images, key=lambda p: version_key(p.split("vmlinuz-")[1]))
    release = image.split("vmlinuz-")[1]
    build = "/usr/src/linux-headers-" + release
    if not os.path.isfile(os.path.join(build, ".config")):
        raise KernelError("headers for %s missing in %s" % (release, build))
    return Kernel("stock", image, build, version=release)


def fetch_deb(apt_opts: list[str], spec: str, dest: str) -> None:
    """Download package @spec with apt and unpack it into @dest, which
    appears only once complete. Nothing is installed."""
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    run(["apt-get", "-q"] + apt_opts + ["download", spec], cwd=tmp)
    deb = glob.glob(os.path.join(tmp, "*.deb"))[0]
    run(["dpkg-deb", "-x", deb, tmp])
    os.unlink(deb)
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(tmp, dest)


def stock64() -> Kernel:
    """The amd64 image is fetched into the cache, not installed: the
    host's /boot stays as it is."""
    build = host_headers()
    release = build.split("linux-headers-")[1]
    pkg = "linux-image-%s-unsigned" % release
    dest = os.path.join(paths.cache(), "debs", pkg)
    image = os.path.join(dest, "boot", "vmlinuz-" + release)
    if not os.path.exists(image):
        fetch_deb(["-o", "APT::Sandbox::User=root"], pkg, dest)
    return Kernel("stock64", image, build, version=release)


# ---- sources ---------------------------------------------------------

def deb_version(pkg: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                         capture_output=True, text=True)
    if out.returncode or not out.stdout:
        raise KernelError("%s is not installed: run tools/setup.sh" % pkg)
    return out.stdout


def system_mirror() -> str:
    """The Debian archive URI the system's own apt sources use."""
    files = glob.glob("/etc/apt/sources.list.d/*.sources")
    for path in files:
        uri, suites = None, ""
        for line in paths.read(path).splitlines() + [""]:
            if line.startswith("URIs:"):
                uri = line.split()[1]
            elif line.startswith("Suites:"):
                suites = line
            elif not line.strip():
                if uri and "security" not in suites + uri:
                    return uri
                uri, suites = None, ""
    for path in ["/etc/apt/sources.list"] + glob.glob(
            "/etc/apt/sources.list.d/*.list"):
        for line in paths.read(path, "").splitlines():
            m = re.match(r"deb\s+(\[[^]]*\]\s+)?(\S+)\s+(\S+)", line)
            if m and "security" not in m.group(2) + m.group(3) \
                    and "debian" in m.group(2):
                return m.group(2)
    raise KernelError("no Debian mirror found in the system's apt sources")


class SidApt:
    """A private apt configuration for Debian unstable: its own sources
    list, lists and cache, so the system's apt state is never touched."""

    def __init__(self) -> None:
        self.dir = os.path.join(paths.cache(), "apt-sid")
        os.makedirs(os.path.join(self.dir, "lists/partial"), exist_ok=True)
        os.makedirs(os.path.join(self.dir, "cache/archives/partial"),
                    exist_ok=True)
        status = os.path.join(self.dir, "status")
        paths.touch(status)
        self.opts = []
        for k, v in (("Dir::Etc::SourceList", "sources.list"),
                     ("Dir::Etc::SourceParts", "none.d"),
                     ("Dir::State::Lists", "lists"),
                     ("Dir::Cache", "cache"),
                     ("Dir::State::status", "status")):
            self.opts += ["-o", "%s=%s" % (k, os.path.join(self.dir, v))]
        self.opts += ["-o", "APT::Architectures=amd64",
                      "-o", "APT::Sandbox::User=root"]

    def update(self, max_age: int = 86400) -> None:
        stamp = os.path.join(self.dir, "updated")
        if os.path.exists(stamp) and \
                time.time() - os.path.getmtime(stamp) < max_age:
            return
        with open(os.path.join(self.dir, "sources.list"), "w") as f:
            f.write("deb [signed-by=/usr/share/keyrings/"
                    "debian-archive-keyring.gpg] %s sid main\n"
                    % system_mirror())
        try:
            run(["apt-get", "-q"] + self.opts + ["update"],
                stdout=subprocess.DEVNULL)
        except subprocess.CalledProcessError:
            if glob.glob(os.path.join(self.dir, "lists", "*Packages*")):
                log("apt update for sid failed: using the old lists")
                return
            raise
        paths.touch(stamp)

    def newest_source(self) -> tuple[str, str]:
        out = subprocess.run(["apt-cache"] + self.opts +
                             ["search", "--names-only",
                              r"^linux-source-[0-9.]+$"],
                             capture_output=True, text=True, check=True)
        pkgs = [line.split()[0] for line in out.stdout.splitlines()]
        if not pkgs:
            raise KernelError("no linux-source package in Debian unstable")
        pkg = max(pkgs, key=lambda p: version_key(p[len("linux-source-"):]))
        out = subprocess.run(["apt-cache"] + self.opts + ["policy", pkg],
                             capture_output=True, text=True, check=True)
        m = re.search(r"Candidate:\s*(\S+)", out.stdout)
        if not m:
            raise KernelError("apt has no candidate for %s" % pkg)
        return pkg, m.group(1)

    def tarball(self, pkg: str, version: str) -> str:
        dest = os.path.join(self.dir, "%s_%s" % (pkg, version))
        tar = os.path.join(dest, "usr/src/%s.tar.xz" % pkg)
        if not os.path.exists(tar):
            fetch_deb(self.opts, "%s=%s" % (pkg, version), dest)
        return tar


def source_package(name: str) -> tuple[str, str, Callable[[], str]]:
    """(package, version, tarball) for a custom kernel's source: "6.1",
    "6.12" or "latest"."""
    if name == "latest":
        apt = SidApt()
        apt.update()
        pkg, version = apt.newest_source()
        return pkg, version, lambda: apt.tarball(pkg, version)
    pkg = "linux-source-" + name
    tar = "/usr/src/%s.tar.xz" % pkg
    return pkg, deb_version(pkg), lambda: tar


def unpack(pkg: str, version: str, tarball: Callable[[], str]) -> str:
    src = os.path.join(paths.cache(), "src", "%s_%s" % (pkg, version))
    if os.path.exists(os.path.join(src, ".unpacked")):
        return src
    tmp = src + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    run(["tar", "-xf", tarball(), "-C", tmp, "--strip-components=1"])
    paths.touch(os.path.join(tmp, ".unpacked"))
    shutil.rmtree(src, ignore_errors=True)
    os.rename(tmp, src)
    return src


# ---- custom ----------------------------------------------------------

def fragments(src: str, recipe: Recipe) -> list[str]:
    names = ["common.config", "shadow.config", "trace.config",
             recipe.arch + ".config"]
    if recipe.arch == "i386":
        kconfig = paths.read(os.path.join(src, "arch/x86/Kconfig"))
        names.append("highmem64g.config" if "config HIGHMEM64G" in kconfig
                     else "highmem4g-pae.config")
    return [os.path.join(KCONFIG_DIR, f) for f in names + list(recipe.extra)]


def wanted_options(frags: list[str]) -> dict[str, str | None]:
    want: dict[str, str | None] = {}
    for frag in frags:
        for line in paths.read(frag).splitlines():
            m = re.match(r"(CONFIG_\w+)=(.*)", line) or \
                re.match(r"# (CONFIG_\w+) is not set", line)
            if m:
                want[m.group(1)] = m.group(2) if m.lastindex == 2 else None
    return want


def check_config(build: str, frags: list[str]) -> None:
    bad = []
    for opt, val in wanted_options(frags).items():
        got = config_value(build, opt)
        if got != val:
            bad.append("%s=%s (wanted %s)" % (opt, got, val))
    if bad:
        raise KernelError("config fragment not honoured:\n  " +
                          "\n  ".join(bad))


def cache_key(pkg: str, version: str, arch: str, frags: list[str]) -> str:
    h = hashlib.sha256()
    h.update(("%s %s %s %s\n" % (RECIPE, pkg, version, arch)).encode())
    for frag in frags:
        h.update(paths.read(frag).encode())
    return h.hexdigest()[:12]


def custom(name: str, build_if_needed: bool = True) -> Kernel:
    recipe = CUSTOM[name]
    pkg, version, tarball = source_package(recipe.source)
    src = unpack(pkg, version, tarball)
    frags = fragments(src, recipe)
    key = cache_key(pkg, version, recipe.arch, frags)
    build = os.path.join(paths.cache(), "kernels", "%s-%s" % (name, key))
    image = os.path.join(build, "arch/x86/boot/bzImage")
    done = os.path.join(build, ".highpt-built")
    if not os.path.exists(done):
        if not build_if_needed:
            raise KernelError("kernel %s is not built" % name)
        build_custom(src, build, recipe.arch, frags)
        paths.touch(done)
    return Kernel(name, image, build, src, version)


def configure(src: str, build: str, arch: str, frags: list[str]) -> None:
    """A fresh @build directory with tinyconfig plus @frags, each of
    whose lines the final .config must honour."""
    shutil.rmtree(build, ignore_errors=True)
    os.makedirs(build)
    mk = ["make", "-s", "-C", src, "O=" + build, "ARCH=" + arch]
    run(mk + ["tinyconfig"], stdout=subprocess.DEVNULL)
    run([os.path.join(src, "scripts/kconfig/merge_config.sh"), "-m",
         "-O", build, os.path.join(build, ".config")] + frags,
        cwd=src, stdout=subprocess.DEVNULL)
    run(mk + ["olddefconfig"], stdout=subprocess.DEVNULL)
    check_config(build, frags)


def build_custom(src: str, build: str, arch: str, frags: list[str]) -> None:
    configure(src, build, arch, frags)
    jobs = str(os.cpu_count() or 2)
    run(["make", "-s", "-C", src, "O=" + build, "ARCH=" + arch,
         "-j" + jobs, "bzImage", "modules"],
        what="building kernel %s" % os.path.basename(build))


def get(name: str, build_if_needed: bool = True) -> Kernel:
    if name == "stock":
        return stock()
    if name == "stock64":
        return stock64()
    if name in CUSTOM:
        return custom(name, build_if_needed)
    raise KernelError("unknown kernel %r (known: %s)" %
                      (name, " ".join(KERNELS)))


def host_headers() -> str:
    """Debian's amd64 headers: the module must build for x86_64 too."""
    trees = glob.glob("/usr/src/linux-headers-*-amd64")
    if not trees:
        raise KernelError("no amd64 headers: run tools/setup.sh")
    return max(trees, key=lambda p: version_key(p.split("headers-")[1]))
