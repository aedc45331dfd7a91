/**
 * Decoding access units with FFmpeg (libavcodec through JavaCV's presets), only for the pictures someone
 * asked for.
 *
 * <p>A {@link org.citywatch.ingest.decode.VideoDecoder} per camera turns the Annex-B
 * {@link org.citywatch.ingest.rtp.AccessUnit}s of the RTP depacketizers into BGR24
 * {@link org.citywatch.ingest.source.DecodedFrame}s, laid out and valued exactly as JavaCV's
 * FFmpegFrameGrabber gives them, as its {@link org.citywatch.ingest.decode.DecodePolicy} says.
 *
 * <p>Why a policy at all: decoding is what costs. Measured on one core for a 640x360, 10 fps, 300 kbit/s
 * H.264 stream with a keyframe every second, a keyframe costs about 6.5 ms to decode and a P-frame about
 * 0.65 ms; demuxing is nearly free. Decoding every keyframe of 1,000 cameras would take more than six cores
 * (1,000 x 6.5 ms per second), decoding everything about twelve. Ingest's goal is at most one core at
 * 1,000 cameras, so the default, {@link org.citywatch.ingest.decode.DecodePolicy#thumbnailDefault()}, is
 * one keyframe per camera every 10 s: 1,000 x 6.5 ms / 10 s = 0.65 core. The cameras analytics is
 * watching switch to {@code All} or {@code EveryNth} at run time.
 */
package org.citywatch.ingest.decode;
