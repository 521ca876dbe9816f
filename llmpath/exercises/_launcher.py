"""Linux launcher for :func:`llmpath.exercises.isolation.run_confined`; run as ``python -I -S _launcher.py CONFIG``.

Three processes, each step chosen for a reason:

* the *keeper* (this script) leaves the caller's pid and network namespaces, joins a cgroup
  that caps the number of processes, forks the *init*, enforces the wall-clock limit and
  reports what happened on the status pipe;
* the *init* is PID 1 of a fresh pid namespace: when it exits the kernel kills every process
  left in the namespace (``setsid`` daemons included) and waits for them before the keeper
  sees the exit. It drops privileges, applies Landlock and seccomp, sets hard limits, then
  forks the learner's process and waits for it. It ignores every signal sent from inside
  (the kernel shields a namespace's init), so the learner cannot stop it;
* the learner's process, exec'd from a fork of the init, inherits all of the confinement.

Only the standard library; nothing from llmpath is imported, so nothing of llmpath is
mapped into the confined processes. Each mechanism that fails is reported, never fatal.
"""

import ctypes
import json
import os
import resource
import select
import signal
import struct
import sys
import time

CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_SECCOMP, PR_SET_NO_NEW_PRIVS = 1, 4, 22, 38
PR_CAPBSET_DROP, PR_SET_SECUREBITS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 28, 47, 4
PR_SET_CHILD_SUBREAPER = 36
# securebits: NOROOT, NO_SETUID_FIXUP and NO_CAP_AMBIENT_RAISE on, KEEP_CAPS off, each locked (uid 0 regains nothing on exec)
SECURE_ALL_LOCKED = 0b11101111

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def prctl(option: int, arg2: int = 0, arg3: int = 0) -> int:
    return _check(libc.prctl(option, ctypes.c_ulong(arg2), ctypes.c_ulong(arg3), ctypes.c_ulong(0), ctypes.c_ulong(0)),
                  f"prctl({option})")


def unshare(flags: int) -> None:
    _check(libc.unshare(flags), "unshare")


# ---------------------------------------------------------------- Landlock (Documentation/userspace-api/landlock.rst)
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446  # same on every arch
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_ALL_V1 = (1 << 13) - 1            # execute … make_sym
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15   # ABI 2, 3, 5
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1                   # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1        # ABI 6
FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV  # the only rights a file rule may carry


def landlock_abi() -> int:
    return int(libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), LANDLOCK_CREATE_RULESET_VERSION))


def landlock_fs_rights(abi: int) -> int:
    rights = FS_ALL_V1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def landlock_restrict(abi: int, read: list, write: list, files: list, exclude: list) -> int:
    """Deny every filesystem access except the rules given; deny TCP and outside signals where the ABI can.

    ``read`` trees get read+execute, ``write`` trees everything, ``files`` are (path, rights) pairs.
    Landlock only adds rights, it cannot carve a hole: a read tree that contains an ``exclude``d
    path is granted entry by entry around it (see ``_grant_around``): the folders on the way stay
    listable (READ_DIR is inherited by subfolders, so the hidden tree's names can be listed, its
    files cannot be opened). Returns the rule count.
    """
    handled = landlock_fs_rights(abi)
    attr = struct.pack("QQQ", handled, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                       SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    buf = ctypes.create_string_buffer(attr, len(attr))
    ruleset = _check(int(libc.syscall(SYS_LANDLOCK_CREATE_RULESET, buf, ctypes.c_size_t(size), 0)),
                     "landlock_create_ruleset")
    count = 0
    read_rights = (FS_EXECUTE | FS_READ_FILE | FS_READ_DIR) & handled
    excluded = [os.path.realpath(p) for p in exclude]

    def add(path: str, rights: int) -> None:
        nonlocal count
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return  # a path that does not exist needs no rule
        try:
            if not os.path.isdir(path):
                rights &= FILE_RIGHTS
            rule = struct.pack("=Qi", rights & handled, fd)  # struct landlock_path_beneath_attr is packed
            rbuf = ctypes.create_string_buffer(rule, len(rule))
            _check(int(libc.syscall(SYS_LANDLOCK_ADD_RULE, ruleset, LANDLOCK_RULE_PATH_BENEATH, rbuf, 0)),
                   f"landlock_add_rule {path}")
            count += 1
        finally:
            os.close(fd)

    def _grant_around(real: str, rights: int) -> None:
        if real in excluded:
            return
        prefix = real.rstrip("/") + "/"
        if not any(e.startswith(prefix) for e in excluded):
            add(real, rights)
            return
        try:
            entries = list(os.scandir(real))
        except OSError:
            return
        add(real, FS_READ_DIR)  # listing stays possible (Python's importer lists site-packages); contents do not
        for entry in entries:  # realpath only for links: it costs a stat per component, and there are hundreds
            _grant_around(os.path.realpath(entry.path) if entry.is_symlink() else entry.path, rights)

    roots = sorted({os.path.realpath(p) for p in read})
    for path in roots:  # a root inside another root is already covered
        if not any(path.startswith(other.rstrip("/") + "/") for other in roots):
            _grant_around(path, read_rights)
    for path in write:
        add(path, handled)
    for path, rights in files:
        add(path, rights)
    _check(int(libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0)), "landlock_restrict_self")
    os.close(ruleset)
    return count


# ---------------------------------------------------------------- seccomp: no new sockets, no io_uring (which bypasses it)
ARCHES = {  # machine: (AUDIT_ARCH_*, x32 bit to refuse, {name: syscall number})
    "x86_64": (0xC000003E, 0x40000000, {"socket": 41, "io_uring_setup": 425, "kill": 62, "tkill": 200, "tgkill": 234,
                                        "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297, "pidfd_send_signal": 424}),
    "aarch64": (0xC00000B7, 0, {"socket": 198, "io_uring_setup": 425, "kill": 129, "tkill": 130, "tgkill": 131,
                                "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240, "pidfd_send_signal": 424}),
}
SOCKET_CALLS = ("socket", "io_uring_setup")
SIGNAL_CALLS = ("kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal")


def seccomp_deny(names: tuple) -> None:
    """A classic-BPF filter: the named system calls fail with EACCES; foreign-ABI system calls kill the process.

    socketpair() stays allowed (Python's own machinery may use it); a pipe-like pair reaches nothing.
    """
    machine = os.uname().machine
    if machine not in ARCHES:
        raise OSError(0, f"no seccomp filter for {machine}")
    arch, x32, numbers = ARCHES[machine]
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, kill, deny = 0x7FFF0000, 0x80000000, 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
    denied = [numbers[n] for n in names]
    prog = [
        (ld, 0, 0, 4),                 # A = seccomp_data.arch
        (jeq, 1, 0, arch),             # native ABI? skip the kill
        (ret, 0, 0, kill),
        (ld, 0, 0, 0),                 # A = seccomp_data.nr
    ]
    tests = [(jge, x32)] if x32 else []          # x32 system-call numbers: denied
    tests += [(jeq, nr) for nr in denied]
    for i, (op, k) in enumerate(tests):          # jump forward over the rest and "allow", to "deny"
        prog.append((op, len(tests) - i, 0, k))
    prog += [(ret, 0, 0, allow), (ret, 0, 0, deny)]
    raw = b"".join(struct.pack("HBBI", *op) for op in prog)
    filt = ctypes.create_string_buffer(raw, len(raw))
    fprog = struct.pack("HxxxxxxP", len(prog), ctypes.addressof(filt))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    prctl(PR_SET_SECCOMP, 2, ctypes.addressof(fbuf))  # SECCOMP_MODE_FILTER


# ---------------------------------------------------------------- privileges
def drop_capabilities() -> None:
    """For a process that stays uid 0: lock root's special cases off, empty the bounding, ambient and current sets."""
    prctl(PR_SET_SECUREBITS, SECURE_ALL_LOCKED)
    last = int(open("/proc/sys/kernel/cap_last_cap").read())
    for cap in range(last + 1):
        prctl(PR_CAPBSET_DROP, cap)
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = bytes(24)                          # effective, permitted, inheritable = 0 (two 32-bit words each)
    _check(libc.capset(ctypes.create_string_buffer(header, 8), ctypes.create_string_buffer(data, 24)), "capset")


def become(uid: int, gid: int) -> None:
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)  # leaving uid 0 clears every capability


def map_self(uid: int, gid: int) -> None:
    """In a fresh user namespace: map our own ids 1:1 (all an unprivileged process may map)."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")


# ---------------------------------------------------------------- the three processes
class Report:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.items: dict = {}

    def set(self, key: str, active: bool, how: str) -> None:
        self.items[key] = [bool(active), how]

    def send(self, **extra) -> None:
        line = json.dumps({"protections": self.items, **extra}) + "\n"
        try:
            os.write(self.fd, line.encode())
        except OSError:
            pass


def main() -> None:
    config = json.loads(sys.argv[1])
    report = Report(config["status_fd"])
    os.set_inheritable(report.fd, False)  # never reaches the learner's program (closed on exec)
    uid, gid = os.getuid(), os.getgid()
    root = uid == 0
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    if config.get("cgroup"):  # joined first, so every process from here on counts
        try:
            with open(os.path.join(config["cgroup"], "cgroup.procs"), "w") as f:
                f.write("0")
            report.set("processes", True, f"cgroup pids.max {config['processes']}")
        except OSError as exc:
            report.set("processes", False, f"not available: cannot join the cgroup ({exc.strerror})")

    namespaces = CLONE_NEWPID | CLONE_NEWNET
    in_userns = False
    without = set(config.get("without", ()))  # mechanisms left out on purpose (tests of the fall-backs)
    try:
        if "namespaces" in without:
            raise OSError(0, "left out on request")
        if root:
            unshare(namespaces)
        else:
            userns_works_here(uid, gid)
            unshare(CLONE_NEWUSER | namespaces)
            map_self(uid, gid)
            in_userns = True
        pid_ns = True
    except OSError as exc:
        pid_ns = False
        why = exc.strerror or str(exc)
        report.set("network", False, f"no network namespace ({why})")
        try:
            prctl(PR_SET_CHILD_SUBREAPER, 1)
            report.set("descendants", True, "child subreaper: orphans are killed when the run ends (no pid namespace: "
                       + why + ")")
        except OSError:
            report.set("descendants", True, "process group killed at the end (setsid daemons may survive)")
    if pid_ns:
        report.set("descendants", True, "pid namespace: every descendant dies with its first process")
        report.set("network", True, "network namespace (unshare CLONE_NEWNET): no interface but a down loopback")

    reader, writer = os.pipe()  # the init says "ready" (or dies) before the keeper starts the clock
    init = os.fork()
    if init == 0:
        os.close(reader)
        try:
            run_init(config, report, root=root, in_userns=in_userns, uid=uid, gid=gid, ready=writer, pid_ns=pid_ns)
        except BaseException:  # a launcher bug: say it in the output, and no child runs unconfined
            import traceback

            traceback.print_exc()
        finally:
            os._exit(126)
    os.close(writer)
    os.read(reader, 1)
    os.close(reader)
    timed_out = wait_with_deadline(init, float(config["wall_s"]))
    if not pid_ns:
        kill_adopted_children()
    report.items.clear()
    report.send(timed_out=timed_out)
    os._exit(0)  # no interpreter teardown: the caller is waiting on this exit


def userns_works_here(uid: int, gid: int) -> None:
    """Try the user namespace in a throw-away child first: where the namespace is created but the id maps are
    refused (Ubuntu's AppArmor restriction), doing it here would leave this process in a namespace it cannot use."""
    probe = os.fork()
    if probe == 0:
        try:
            unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)
            map_self(uid, gid)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(probe, 0)
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
        raise OSError(1, "unprivileged user namespaces are refused here (Ubuntu: AppArmor restriction; "
                      "Debian: kernel.unprivileged_userns_clone=0)")


def wait_with_deadline(pid: int, limit: float) -> bool:
    deadline = time.monotonic() + limit
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)  # init of the namespace: the kernel takes every process in it along
            break
        if fd is not None:
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                break
        else:
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                return False
            time.sleep(min(0.005, left))
    os.waitpid(pid, 0)
    if fd is not None:
        os.close(fd)
    return timed_out


def kill_adopted_children() -> None:
    """Without a pid namespace: as child subreaper, kill whatever got reparented to us until nothing is left."""
    for _ in range(1000):
        try:
            pids = set()
            for tid in os.listdir("/proc/self/task"):
                with open(f"/proc/self/task/{tid}/children") as f:
                    pids.update(int(p) for p in f.read().split())
        except OSError:
            return
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in pids:
            try:
                os.waitpid(pid, 0)
            except OSError:
                pass


def shared_nproc(config: dict, uid: int) -> str:
    """Without a user namespace of its own, RLIMIT_NPROC counts every task of the uid: allow the ones running now."""
    running = 0
    for name in os.listdir("/proc"):  # read before Landlock closes /proc
        if name.isdigit():
            try:
                if os.stat(f"/proc/{name}").st_uid == uid:
                    running += len(os.listdir(f"/proc/{name}/task"))
            except OSError:
                continue
    config["nproc_base"] = running
    return f"RLIMIT_NPROC {config['processes']} more than the {running} tasks uid {uid} runs now (shared with them)"


def run_init(config: dict, report: Report, *, root: bool, in_userns: bool, uid: int, gid: int, ready: int,
             pid_ns: bool = True) -> None:
    os.chdir(config["workdir"])
    # privileges
    try:
        if root and config.get("drop_to"):
            target = int(config["drop_to"])
            become(target, target)
            report.set("privileges", True, f"runs as uid {target} (nobody): no capabilities")
            try:  # a fresh user namespace of its own: RLIMIT_NPROC counts only this run's processes
                prctl(PR_SET_DUMPABLE, 1)  # the uid change made /proc/self root's; we must write our own maps
                unshare(CLONE_NEWUSER)
                map_self(target, target)
                nproc = f"RLIMIT_NPROC {config['processes']} in a fresh user namespace"
                if report.items.get("processes", [False])[0]:
                    report.items["processes"][1] += "; " + nproc
                else:
                    report.set("processes", True, nproc)
            except OSError:
                if "processes" not in report.items or not report.items["processes"][0]:
                    report.set("processes", True, shared_nproc(config, target))
        elif root:
            if "processes" not in report.items:
                report.set("processes", False, "not available: no pids cgroup, and uid 0 is exempt from RLIMIT_NPROC")
            drop_capabilities()
            report.set("privileges", True, "uid 0 with every capability dropped and locked off (securebits): "
                       + config.get("why_root", ""))
        else:
            why = "mapped 1:1 in a user namespace, " if in_userns else ""
            report.set("privileges", True, f"unprivileged uid {uid} ({why}no capabilities after exec)")
            if "processes" not in report.items:
                report.set("processes", True, f"RLIMIT_NPROC {config['processes']} in a fresh user namespace"
                           if in_userns else shared_nproc(config, uid))
    except OSError as exc:
        report.set("privileges", False, f"not available: {exc}")
    prctl(PR_SET_NO_NEW_PRIVS, 1)              # no setuid/file-capability gains on exec; Landlock and seccomp need it
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # after the uid change, which clears it: the keeper's death ends us
    prctl(PR_SET_DUMPABLE, 0)                  # the learner cannot ptrace or read /proc/1/mem of this process

    # filesystem
    landlock_abi_used = 0
    try:
        abi = landlock_abi() if "landlock" not in config.get("without", ()) else -1
        if abi == -1:
            raise OSError(0, "left out on request")
        if abi < 1:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        files = [(p, FS_READ_FILE | FS_WRITE_FILE) for p in ("/dev/null",)]
        files += [(p, FS_READ_FILE) for p in config["read_files"]]
        rules = landlock_restrict(abi, config["read"], [config["workdir"]], files, config["exclude"])
        landlock_abi_used = abi
        report.set("filesystem-write", True, f"Landlock ABI {abi}: writes only inside the work folder")
        report.set("filesystem-read", True, f"Landlock ABI {abi}: reads only the Python runtime, the work folder and "
                   f"what the check allows ({rules} rules)")
        if abi >= 4 and not report.items.get("network", [False])[0]:
            report.set("network", True, f"Landlock ABI {abi}: TCP connect/bind denied (UDP is not)")
        if abi >= 6:  # signals only within the sandbox: with or without a pid namespace, nothing outside is reachable
            report.items["privileges"][1] += f"; Landlock ABI {abi}: signals reach only the sandbox's own processes"
    except OSError as exc:
        why = "Landlock unavailable: " + (exc.strerror or str(exc))
        report.set("filesystem-write", False, "not available: " + why)
        report.set("filesystem-read", False, "not available: " + why)
    # Without a pid namespace or Landlock's signal scoping, the child could signal (kill) any process of the
    # same uid — the learner's shell and editor: then it may not signal at all.
    signals_open = not pid_ns and landlock_abi_used < 6
    try:
        if "seccomp" in config.get("without", ()):
            raise OSError(0, "left out on request")
        seccomp_deny(SOCKET_CALLS + (SIGNAL_CALLS if signals_open else ()))
        if report.items.get("network", [False])[0]:
            report.items["network"][1] += "; seccomp: socket() and io_uring denied"
        else:
            report.set("network", True, "seccomp: socket() and io_uring denied")
        if signals_open and report.items.get("privileges", [False])[0]:
            report.items["privileges"][1] += "; seccomp: no signals at all (no pid namespace, no Landlock scoping)"
    except OSError as exc:
        report.items.setdefault("network", [False, f"not available: {exc}"])
        if signals_open and report.items.get("privileges", [False])[0]:
            report.items["privileges"][1] += "; it can still signal your other processes (no pid namespace)"

    # hard limits, inherited by the learner's process
    applied = []
    for name, value in config["rlimits"]:
        which = getattr(resource, name)
        if name == "RLIMIT_NPROC":
            value += config.get("nproc_base", 0)
        try:
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY and value > hard:
                value = hard
            resource.setrlimit(which, (value, value))
            applied.append(name[7:].lower())
        except (ValueError, OSError):
            pass
    report.set("limits", bool(applied), "hard rlimits (soft = hard): " + ", ".join(applied))
    report.send()
    os.write(ready, b"1")
    os.close(ready)

    learner = os.fork()
    if learner == 0:
        try:
            os.execve(config["argv"][0], config["argv"], config["env"])
        except OSError as exc:
            os.write(2, f"cannot start {config['argv'][0]}: {exc.strerror}\n".encode())
        os._exit(127)
    _, status = os.waitpid(learner, 0)
    if os.WIFSIGNALED(status):
        report.items.clear()
        report.send(signal=os.WTERMSIG(status))
    else:
        report.items.clear()
        report.send(returncode=os.WEXITSTATUS(status))
    os._exit(0)


if __name__ == "__main__":
    main()
