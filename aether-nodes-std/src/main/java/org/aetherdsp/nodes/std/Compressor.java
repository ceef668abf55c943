package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Feed-forward RMS compressor with a soft knee, node type {@value #TYPE_ID}, after
 * Giannoulis, Massberg and Reiss, "Digital Dynamic Range Compressor Design" (JAES 2012):
 * level detection, a static gain computer in dB, then attack/release smoothing of the gain
 * in dB ("smooth branching"), applied to the input.
 *
 * <p><b>Level.</b> The detector squares the detected signal and averages it with a one-pole
 * filter of time constant 5 ms; the level is {@code L = 10 log10(2 * meanSquare)} dBFS, the
 * RMS level plus 3.01 dB, so that a steady sine of peak amplitude {@code A} reads
 * {@code 20 log10(A)} (a full-scale sine is 0 dBFS, as in AES17). The averaging adds its own
 * lag to large level changes: a signal that drops by 60 dB takes about 20 ms to fall through
 * a threshold 33 dB below it, before the release starts.
 *
 * <p><b>Static curve</b> with threshold {@code T}, ratio {@code R}, knee width {@code W}: the
 * output level is {@code L} for {@code 2(L - T) < -W}; {@code T + (L - T) / R} for
 * {@code 2(L - T) > W}; and {@code L + (1/R - 1)(L - T + W/2)^2 / (2W)} in between. The gain
 * change {@code G = curve(L) - L} (at most 0 dB) is smoothed toward with the attack time
 * constant when it must fall and the release time constant when it may rise, then
 * {@code makeup} is added: {@code out = in * 10^((G_smoothed + makeup) / 20)}.
 *
 * <p>Ports: inputs {@code in} and {@code sidechain} (detected instead of {@code in} when
 * {@code external} is on); output {@code out}.
 * <p>Parameters:
 * <ul>
 *   <li>{@code threshold}: -60..0 dBFS, default -20, smoothed over 20 ms;</li>
 *   <li>{@code ratio}: 1..20 (:1), default 4, smoothed over 20 ms;</li>
 *   <li>{@code knee}: knee width, 0 (hard) .. 24 dB, default 6, smoothed over 20 ms;</li>
 *   <li>{@code attack}: time constant (time to 63% of a step) of falling gain, 0.1..200 ms,
 *       default 10, not smoothed;</li>
 *   <li>{@code release}: time constant of rising gain, 5..2000 ms, default 100, not
 *       smoothed;</li>
 *   <li>{@code makeup}: gain added after compression, 0..24 dB, default 0, smoothed over
 *       20 ms;</li>
 *   <li>{@code external}: 0 detects {@code in}, 1 detects {@code sidechain} (values from 0.5
 *       count as 1), default 0, not smoothed.</li>
 * </ul>
 * State: the detector's mean square and the smoothed gain (two doubles, version 1).
 */
public final class Compressor implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.compressor";

    /** Input port: the signal to compress. */
    public static final int IN = 0;
    /** Input port: the external detector signal. */
    public static final int SIDECHAIN = 1;
    /** Output port: the compressed signal. */
    public static final int OUT = 0;
    /** Parameter: threshold in dBFS. */
    public static final int P_THRESHOLD = 0;
    /** Parameter: ratio. */
    public static final int P_RATIO = 1;
    /** Parameter: knee width in dB. */
    public static final int P_KNEE = 2;
    /** Parameter: attack time constant in ms. */
    public static final int P_ATTACK = 3;
    /** Parameter: release time constant in ms. */
    public static final int P_RELEASE = 4;
    /** Parameter: makeup gain in dB. */
    public static final int P_MAKEUP = 5;
    /** Parameter: detect the sidechain input instead of the input. */
    public static final int P_EXTERNAL = 6;

    /** Ports {@code in}, {@code sidechain} to {@code out}; seven parameters, see the class doc. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Compressor")
            .input("in").input("sidechain")
            .output("out")
            .param(ParamSpec.of("threshold", -60f, 0f, -20f, "dB", 20f))
            .param(ParamSpec.of("ratio", 1f, 20f, 4f, "", 20f))
            .param(ParamSpec.of("knee", 0f, 24f, 6f, "dB", 20f))
            .param(ParamSpec.of("attack", 0.1f, 200f, 10f, "ms", 0f))
            .param(ParamSpec.of("release", 5f, 2000f, 100f, "ms", 0f))
            .param(ParamSpec.of("makeup", 0f, 24f, 0f, "dB", 20f))
            .param(ParamSpec.of("external", 0f, 1f, 0f, "", 0f))
            .build();

    /** Averaging time constant of the RMS detector. */
    static final double RMS_MS = 5.0;
    /** Mean squares below this (-297 dBFS) read as silence. */
    private static final double MEAN_SQUARE_FLOOR = 1e-30;
    /** Smoothed gains closer to 0 dB than this are 0 dB. */
    private static final double GAIN_FLOOR_DB = 1e-12;
    private static final double DB_TO_LN = Math.log(10.0) / 20.0;
    private static final int STATE_VERSION = 1;

    private double meanSquare;
    /** Smoothed gain change in dB, at most 0. */
    private double gainDb;

    private float sampleRate;
    private double rmsCoefficient;
    private double attackMs = Double.NaN;
    private double attackCoefficient;
    private double releaseMs = Double.NaN;
    private double releaseCoefficient;
    private float[] thresholds = new float[0];
    private float[] ratios = new float[0];
    private float[] knees = new float[0];
    private float[] makeups = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Compressor() {
    }

    @Override
    public void prepare(ProcessContext context) {
        sampleRate = context.sampleRate();
        rmsCoefficient = 1.0 - Math.exp(-1.0 / (RMS_MS * 0.001 * sampleRate));
        final int n = context.blockSize();
        thresholds = new float[n];
        ratios = new float[n];
        knees = new float[n];
        makeups = new float[n];
        meanSquare = 0.0;
        gainDb = 0.0;
    }

    /** The one-pole coefficient that moves 1 - 1/e of the way in {@code ms}. */
    private double pole(double ms) {
        return Math.exp(-1.0 / (ms * 0.001 * sampleRate));
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] detected = params.get(P_EXTERNAL).value() >= 0.5f ? inputs[SIDECHAIN] : in;
        final float[] out = outputs[OUT];
        final float[] threshold = FrameValues.of(params.get(P_THRESHOLD), thresholds, n);
        final float[] ratio = FrameValues.of(params.get(P_RATIO), ratios, n);
        final float[] knee = FrameValues.of(params.get(P_KNEE), knees, n);
        final float[] makeup = FrameValues.of(params.get(P_MAKEUP), makeups, n);
        updateTimeConstants(params.get(P_ATTACK), params.get(P_RELEASE));
        final double rms = rmsCoefficient;
        final double att = attackCoefficient;
        final double rel = releaseCoefficient;
        double ms = meanSquare;
        double g = gainDb;
        for (int i = 0; i < n; i++) {
            final double s = detected[i];
            ms += rms * (s * s - ms);
            if (ms < MEAN_SQUARE_FLOOR) {
                ms = 0.0;
            }
            final double level = 10.0 * Math.log10(2.0 * ms + MEAN_SQUARE_FLOOR);
            final double target = gainChangeDb(level, threshold[i], ratio[i], knee[i]);
            final double a = target < g ? att : rel;
            g = a * g + (1.0 - a) * target;
            if (g > -GAIN_FLOOR_DB) {
                g = 0.0;
            }
            out[i] = (float) (in[i] * Math.exp((g + makeup[i]) * DB_TO_LN));
        }
        meanSquare = ms;
        gainDb = g;
    }

    private void updateTimeConstants(Param attack, Param release) {
        final double a = attack.value();
        if (a != attackMs) {
            attackMs = a;
            attackCoefficient = pole(a);
        }
        final double r = release.value();
        if (r != releaseMs) {
            releaseMs = r;
            releaseCoefficient = pole(r);
        }
    }

    /**
     * The static curve minus the level: how many dB (at most 0) the gain computer takes off a
     * signal at {@code level} dBFS.
     */
    static double gainChangeDb(double level, double threshold, double ratio, double knee) {
        final double over = level - threshold;
        final double slope = 1.0 / ratio - 1.0;
        if (2.0 * over <= -knee) {
            return 0.0;
        }
        if (2.0 * over < knee) {
            final double d = over + 0.5 * knee;
            return slope * d * d / (2.0 * knee);
        }
        return slope * over;
    }

    @Override
    public void reset() {
        meanSquare = 0.0;
        gainDb = 0.0;
    }

    @Override
    public int stateSize() {
        return 2 * Double.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDouble(meanSquare);
        out.writeDouble(gainDb);
    }

    private static final String UNKNOWN_STATE_VERSION = "unknown compressor state version; this build reads version 1";

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        final double ms = in.readDouble();
        final double g = in.readDouble();
        meanSquare = ms >= 0.0 && ms < Double.MAX_VALUE ? ms : 0.0;
        gainDb = g <= 0.0 && g > -Double.MAX_VALUE ? g : 0.0;
    }
}
