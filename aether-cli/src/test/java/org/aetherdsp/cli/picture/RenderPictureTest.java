package org.aetherdsp.cli.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.aetherdsp.nodes.std.Fft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderPictureTest {

    private static final int RATE = 48_000;

    @TempDir
    Path dir;

    /** Feeds {@code seconds} of a sine (0 Hz: silence) in 64-frame blocks, the way a render does. */
    private static RenderPicture sine(double hz, double amplitude, int channels, double seconds, boolean log) {
        long frames = Math.round(seconds * RATE);
        RenderPicture picture = new RenderPicture(RATE, channels, frames, "test", log);
        float[][] block = new float[channels][64];
        for (long done = 0; done < frames; done += 64) {
            int n = (int) Math.min(64, frames - done);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    block[c][i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * (done + i) / RATE));
                }
            }
            picture.accept(block, n);
        }
        return picture;
    }

    private BufferedImage written(RenderPicture picture) throws Exception {
        Path png = dir.resolve("p.png");
        picture.write(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "a PNG ImageIO can decode");
        return image;
    }

    private static double luminance(int rgb) {
        return 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
    }

    /** @return the image row, within the spectrogram, whose pixels are brightest on average */
    private static int brightestSpectrogramRow(BufferedImage image, RenderPicture picture) {
        int best = -1;
        double bestSum = -1;
        for (int y = picture.spectrogramTop(); y < picture.spectrogramTop() + RenderPicture.SPECTROGRAM_HEIGHT; y++) {
            double sum = 0;
            for (int x = RenderPicture.LEFT; x < RenderPicture.LEFT + picture.plotWidth(); x++) {
                sum += luminance(image.getRGB(x, y));
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = y;
            }
        }
        return best;
    }

    @Test
    void pngHasTheLayoutSizeForItsChannels() throws Exception {
        RenderPicture stereo = sine(440, 0.5, 2, 0.5, true);
        BufferedImage image = written(stereo);
        assertEquals(RenderPicture.WIDTH, image.getWidth());
        assertEquals(stereo.spectrogramTop() + RenderPicture.SPECTROGRAM_HEIGHT + RenderPicture.BOTTOM, image.getHeight());
        RenderPicture eight = sine(440, 0.5, 8, 0.5, true);
        assertTrue(written(eight).getHeight() > image.getHeight(), "a lane per channel");
    }

    private void assertBrightestRowAt(double hz, RenderPicture picture) throws Exception {
        int row = brightestSpectrogramRow(written(picture), picture);
        assertTrue(Math.abs(row - picture.spectrogramY(hz)) <= 1,
                "brightest row " + row + ", " + hz + " Hz is drawn at " + picture.spectrogramY(hz));
    }

    @Test
    void sineOf440HzIsBrightestAtThe440HzRowOnALogAxis() throws Exception {
        assertBrightestRowAt(440, sine(440, 0.5, 1, 2, true));
    }

    @Test
    void sineOf3kHzIsBrightestAtThe3kHzRowOnALinearAxis() throws Exception {
        RenderPicture picture = sine(3000, 0.5, 2, 1, false);
        assertBrightestRowAt(3000, picture);
        assertTrue(Math.abs(picture.spectrogramY(3000) - picture.spectrogramY(6000)) > 40, "linear: 3k and 6k far apart");
    }

    @Test
    void silenceIsDarkAndItsWaveformIsTheZeroLine() throws Exception {
        RenderPicture picture = sine(0, 0, 2, 1, true);
        BufferedImage image = written(picture);
        int darkest = ColourMap.rgb(0);
        for (int y = picture.spectrogramTop(); y < picture.spectrogramTop() + RenderPicture.SPECTROGRAM_HEIGHT; y++) {
            for (int x = RenderPicture.LEFT; x < RenderPicture.LEFT + picture.plotWidth(); x++) {
                assertEquals(darkest, image.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
        int top = picture.laneTop(0);
        int mid = top + picture.laneHeight() / 2;
        for (int y = top; y < top + picture.laneHeight(); y++) {
            for (int x = RenderPicture.LEFT; x < RenderPicture.LEFT + picture.plotWidth(); x++) {
                assertEquals(y == mid, isWaveform(image.getRGB(x, y)), "waveform colour only on the zero line, at " + x + "," + y);
            }
        }
    }

    @Test
    void waveformReachesTheSinesAmplitudeAndNoFurther() throws Exception {
        RenderPicture picture = sine(4000, 0.5, 1, 1, true); // several periods per pixel column
        BufferedImage image = written(picture);
        int top = picture.laneTop(0);
        int mid = top + picture.laneHeight() / 2;
        double half = (picture.laneHeight() - 2) / 2.0;
        int x = RenderPicture.LEFT + picture.plotWidth() / 3;
        assertTrue(isWaveform(image.getRGB(x, mid - (int) (0.45 * half))), "drawn at +0.45");
        assertTrue(isWaveform(image.getRGB(x, mid + (int) (0.45 * half))), "drawn at -0.45");
        assertTrue(!isWaveform(image.getRGB(x, mid - (int) (0.6 * half))), "not drawn at +0.6");
        assertTrue(!isWaveform(image.getRGB(x, mid + (int) (0.6 * half))), "not drawn at -0.6");
    }

    @Test
    void axisLabelsAreDrawnInTheMargins() throws Exception {
        RenderPicture picture = sine(0, 0, 1, 3, true);
        BufferedImage image = written(picture);
        int specTop = picture.spectrogramTop();
        int specBottom = specTop + RenderPicture.SPECTROGRAM_HEIGHT;
        int background = RenderPicture.BACKGROUND.getRGB() & 0xffffff;
        // frequency labels left of the spectrogram, time labels below it, the dB scale right of it
        assertTrue(inked(image, 20, specTop, RenderPicture.LEFT - 2, specBottom, background) > 200, "frequency labels");
        assertTrue(inked(image, RenderPicture.LEFT, specBottom + 6, RenderPicture.WIDTH - RenderPicture.RIGHT, image.getHeight(),
                background) > 200, "time labels");
        assertTrue(inked(image, RenderPicture.WIDTH - RenderPicture.RIGHT + 32, specTop, RenderPicture.WIDTH, specBottom,
                background) > 100, "dB labels");
        assertTrue(inked(image, 0, picture.laneTop(0), RenderPicture.LEFT - 2, picture.laneTop(0) + picture.laneHeight(),
                background) > 40, "amplitude labels and channel name");
    }

    private static boolean isWaveform(int rgb) {
        return (rgb & 0xffffff) == (RenderPicture.PEAK.getRGB() & 0xffffff) || (rgb & 0xffffff) == (RenderPicture.RMS.getRGB() & 0xffffff);
    }

    private static int inked(BufferedImage image, int x0, int y0, int x1, int y1, int background) {
        int count = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((image.getRGB(x, y) & 0xffffff) != background) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void fullScaleSineReadsZeroDbfsAtItsFrequency() {
        FrequencyAxis axis = new FrequencyAxis(360, RATE, true);
        int frames = RATE;
        Spectrogram s = new Spectrogram(RATE, frames, 50, axis);
        float[][] block = new float[1][frames];
        assertEquals(4096, s.windowSize());
        double hz = 86 * RATE / 4096.0; // 1007.8 Hz, on an FFT bin: no scalloping loss
        for (int i = 0; i < frames; i++) {
            block[0][i] = (float) Math.sin(2 * Math.PI * hz * i / RATE);
        }
        s.accept(block, frames);
        s.finish();
        float[] column = s.levels()[25];
        assertEquals(0, column[axis.rowOf(hz)], 0.05);
        assertTrue(column[axis.rowOf(250)] < -60, "far from the tone: " + column[axis.rowOf(250)]);
    }

    @Test
    void renderShorterThanOneWindowStillHasEveryColumn() throws Exception {
        RenderPicture picture = sine(440, 0.5, 2, 0.01, true);
        BufferedImage image = written(picture);
        int row = brightestSpectrogramRow(image, picture);
        assertTrue(Math.abs(row - picture.spectrogramY(440)) <= 3, "row " + row);
    }

    @Test
    void fftMatchesADirectTransform() {
        int n = 64;
        Random random = new Random(7);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = random.nextGaussian();
            im[i] = random.nextGaussian();
        }
        double[] xr = re.clone();
        double[] xi = im.clone();
        new Fft(n).transform(re, im);
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * k * t / n;
                sr += xr[t] * Math.cos(a) - xi[t] * Math.sin(a);
                si += xr[t] * Math.sin(a) + xi[t] * Math.cos(a);
            }
            assertEquals(sr, re[k], 1e-9);
            assertEquals(si, im[k], 1e-9);
        }
    }

    @Test
    void ticksAreRoundAndLabelsShort() {
        assertEquals(2, Ticks.niceStep(15, 12));
        assertEquals(60, Ticks.timeStep(600, 12));
        assertEquals("1:05", Ticks.time(65, 90));
        assertEquals("0:50", Ticks.time(50, 90), "one format along an axis");
        assertEquals("2.5 s", Ticks.time(2.5, 10));
        assertEquals("12.5k", FrequencyAxis.label(12_500));
        assertEquals("2k", FrequencyAxis.label(2000));
    }
}
