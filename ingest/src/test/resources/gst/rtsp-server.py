#!/usr/bin/env python3
"""A real, independent RTSP server for interop tests: GStreamer's gst-rtsp-server on loopback.

Prints exactly one line "READY rtsp://127.0.0.1:PORT/path" on stdout when it accepts connections, then
serves until SIGTERM or SIGINT (and, with --exit-on-stdin-eof, until its stdin closes, so that it dies
with the process that started it). It listens on 127.0.0.1 only, and its RTP/RTCP UDP ports are bound
to 127.0.0.1 too (a unicast address pool), so it touches no other address.

Debian (bookworm) packages: gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-base
gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly.

Examples:
  rtsp-server.py --port 0 --path /cam --codec h264 --source testsrc
  rtsp-server.py --port 8554 --codec h265 --protocols udp --user admin --password s3cret
  rtsp-server.py --source clip.mp4            # H.264 in MP4, re-payloaded (not re-encoded), played once
  rtsp-server.py --check                      # exit 0 when everything needed is installed
"""

import argparse
import os
import signal
import sys

HOST = "127.0.0.1"

# Elements each configuration needs, and the Debian package that has each.
ELEMENT_PACKAGES = {
    "videotestsrc": "gstreamer1.0-plugins-base",
    "videoconvert": "gstreamer1.0-plugins-base",
    "x264enc": "gstreamer1.0-plugins-ugly",
    "x265enc": "gstreamer1.0-plugins-bad",
    "h264parse": "gstreamer1.0-plugins-bad",
    "h265parse": "gstreamer1.0-plugins-bad",
    "qtdemux": "gstreamer1.0-plugins-good",
    "rtph264pay": "gstreamer1.0-plugins-good",
    "rtph265pay": "gstreamer1.0-plugins-good",
    "rtpbin": "gstreamer1.0-plugins-good",
    "udpsrc": "gstreamer1.0-plugins-good",
    "udpsink": "gstreamer1.0-plugins-good",
    "filesrc": "libgstreamer1.0-0",
    "queue": "libgstreamer1.0-0",
}

BINDINGS_PACKAGES = "python3-gi gir1.2-gst-rtsp-server-1.0"


def import_gst():
    """Imports the GObject-introspection modules; raises ImportError/ValueError naming what is missing."""
    import gi  # noqa: F401  (python3-gi)

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtsp", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtsp, GstRtspServer

    Gst.init(None)
    return GLib, Gst, GstRtsp, GstRtspServer


def check():
    """--check: prints what is missing (one line) and returns the exit code."""
    try:
        _, Gst, _, _ = import_gst()
    except (ImportError, ValueError) as e:
        print("GStreamer Python bindings missing (%s): apt-get install %s" % (e, BINDINGS_PACKAGES))
        return 2
    missing = sorted(name for name in ELEMENT_PACKAGES if Gst.ElementFactory.find(name) is None)
    if missing:
        packages = sorted({ELEMENT_PACKAGES[name] for name in missing})
        print("GStreamer elements missing: %s (apt-get install %s)" % (" ".join(missing), " ".join(packages)))
        return 3
    print("OK %s" % Gst.version_string())
    return 0


def launch_line(args):
    """The factory's gst-launch description: one video stream, payloader pay0, payload type 96."""
    if args.codec == "h264":
        parse, pay = "h264parse", "rtph264pay"
        encoder = "x264enc tune=zerolatency key-int-max=10 speed-preset=ultrafast bitrate=300"
    else:
        parse, pay = "h265parse", "rtph265pay"
        encoder = "x265enc tune=zerolatency key-int-max=10 speed-preset=ultrafast bitrate=300"
    payloader = "%s name=pay0 pt=96 config-interval=-1 mtu=%d aggregate-mode=%s" % (pay, args.mtu, args.aggregate)
    if args.source == "testsrc":
        return ("( videotestsrc pattern=ball is-live=true "
                "! video/x-raw,width=640,height=360,framerate=10/1 ! videoconvert ! %s ! %s )"
                % (encoder, payloader))
    # A file: demuxed and re-payloaded as it is, not re-encoded; its video must be the --codec one.
    location = args.source.replace("\\", "\\\\").replace('"', '\\"')
    return ('( filesrc location="%s" ! qtdemux name=demux demux.video_0 ! queue '
            '! %s config-interval=-1 ! %s )' % (location, parse, payloader))


def lower_trans(GstRtsp, protocols):
    flags = {"tcp": GstRtsp.RTSPLowerTrans.TCP, "udp": GstRtsp.RTSPLowerTrans.UDP}
    result = None
    for name in protocols.split("+"):
        result = flags[name] if result is None else result | flags[name]
    return result


def parse_args(argv):
    p = argparse.ArgumentParser(description="GStreamer RTSP server on 127.0.0.1 for interop tests.")
    p.add_argument("--check", action="store_true", help="only check that everything needed is installed")
    p.add_argument("--port", type=int, default=0, help="RTSP port; 0 picks a free one (default)")
    p.add_argument("--path", default="/cam", help="mount point (default /cam)")
    p.add_argument("--codec", choices=("h264", "h265"), default="h264")
    p.add_argument("--source", default="testsrc",
                   help="testsrc (moving ball, 640x360, 10 fps, live) or an MP4 file of --codec video")
    p.add_argument("--user", help="enable Digest authentication (Basic is refused) with this user")
    p.add_argument("--password", help="the password for --user")
    p.add_argument("--protocols", choices=("tcp", "udp", "tcp+udp", "udp+tcp"), default="tcp+udp",
                   help="lower transports the server offers (default tcp+udp)")
    p.add_argument("--shared", action="store_true", help="one pipeline shared by all clients")
    p.add_argument("--mtu", type=int, default=1400,
                   help="largest RTP packet; larger NAL units go in fragments, FU-A/FU (default 1400)")
    p.add_argument("--aggregate", choices=("none", "zero-latency"), default="none",
                   help="zero-latency: parameter sets and SEI go in STAP-A/AP packets (default none)")
    p.add_argument("--rtp-ports", default="40000-49999",
                   help="UDP port range (on 127.0.0.1) for RTP/RTCP, LO-HI (default 40000-49999)")
    p.add_argument("--exit-on-stdin-eof", action="store_true",
                   help="also stop when stdin closes (the parent process died)")
    args = p.parse_args(argv)
    if (args.user is None) != (args.password is None):
        p.error("--user and --password go together")
    if not args.path.startswith("/"):
        p.error("--path must start with /")
    if args.source != "testsrc" and not os.path.isfile(args.source):
        p.error("--source: no such file: %s" % args.source)
    if not 100 <= args.mtu <= 65000:
        p.error("--mtu must be 100..65000")
    if not 0 <= args.port <= 65535:
        p.error("--port must be 0..65535")
    try:
        lo, hi = (int(x) for x in args.rtp_ports.split("-"))
        assert 1024 <= lo < hi <= 65535
    except (ValueError, AssertionError):
        p.error("--rtp-ports must be LO-HI with 1024 <= LO < HI <= 65535")
    args.rtp_lo, args.rtp_hi = lo, hi
    return args


def main(argv):
    args = parse_args(argv)
    if args.check:
        return check()
    GLib, Gst, GstRtsp, GstRtspServer = import_gst()

    loop = GLib.MainLoop()

    server = GstRtspServer.RTSPServer()
    server.set_address(HOST)  # listen on loopback only
    server.set_service(str(args.port))

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(args))
    factory.set_shared(args.shared)
    factory.set_protocols(lower_trans(GstRtsp, args.protocols))
    # Unicast UDP: without a pool the RTP/RTCP sockets are bound to the wildcard address; with this one
    # they are bound to 127.0.0.1, on the first free even/odd pair of the range.
    pool = GstRtspServer.RTSPAddressPool()
    if not pool.add_range(HOST, HOST, args.rtp_lo, args.rtp_hi, 0):
        raise SystemExit("cannot make the UDP address pool %s:%d-%d" % (HOST, args.rtp_lo, args.rtp_hi))
    factory.set_address_pool(pool)

    if args.user is not None:
        auth = GstRtspServer.RTSPAuth()
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)  # Basic is not offered nor accepted
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        auth.add_digest(args.user, args.password, token)
        # No default token: an anonymous request gets 401 with a Digest challenge.
        server.set_auth(auth)
        factory.add_role_from_structure(Gst.Structure.new_from_string(
            "user, %s=(boolean)true, %s=(boolean)true"
            % (GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT)))

    server.get_mount_points().add_factory(args.path, factory)

    # Listens with SO_REUSEADDR (gst-rtsp-server binds with allow_reuse), so a restart can take the same
    # port while the old connections sit in TIME_WAIT.
    if server.attach(None) == 0:
        print("cannot listen on %s:%d (port in use?)" % (HOST, args.port), file=sys.stderr)
        return 1
    port = server.get_bound_port()

    def quit_loop(*_):
        loop.quit()
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGTERM, quit_loop)
    GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGINT, quit_loop)

    if args.exit_on_stdin_eof:
        def on_stdin(fd, condition):
            if condition & (GLib.IOCondition.HUP | GLib.IOCondition.ERR):
                loop.quit()
                return GLib.SOURCE_REMOVE
            if not os.read(fd, 4096):
                loop.quit()
                return GLib.SOURCE_REMOVE
            return GLib.SOURCE_CONTINUE

        GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, sys.stdin.fileno(),
                              GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR, on_stdin)

    sys.stdout.write("READY rtsp://%s:%d%s\n" % (HOST, port, args.path))
    sys.stdout.flush()
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
