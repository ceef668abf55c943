package org.aetherdsp.cli.picture;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A picture of a render: one waveform lane per channel (min/max per pixel column, RMS inside it,
 * clipping marked in red) above a spectrogram of the channels' mix (Hann-windowed STFT, dB colour
 * map with its scale), with labelled time, amplitude and frequency axes. It is fed block by block
 * while rendering and keeps only what it will draw, so any length fits in memory.
 *
 * <p>Drawn with Java2D in headless mode: no display is needed.
 */
public final class RenderPicture {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 1280;
    static final int LEFT = 84;
    static final int RIGHT = 96;
    static final int TOP = 44;
    static final int BOTTOM = 52;
    static final int SPECTROGRAM_HEIGHT = 360;
    static final int GAP = 26;
    static final Color BACKGROUND = new Color(0x16, 0x18, 0x1d);

    private static final Color PLOT = new Color(0x0c, 0x0d, 0x11);
    private static final Color GRID = new Color(0x2c, 0x30, 0x3a);
    private static final Color TEXT = new Color(0xcf, 0xd3, 0xdb);
    private static final Color DIM_TEXT = new Color(0x8a, 0x90, 0x9c);
    static final Color PEAK = new Color(0x3f, 0x9f, 0xad);
    static final Color RMS = new Color(0x9d, 0xe3, 0xec);
    private static final Color CLIP = new Color(0xff, 0x4d, 0x4d);

    private final float sampleRate;
    private final long totalFrames;
    private final String title;
    private final int laneHeight;
    private final Waveform waveform;
    private final Spectrogram spectrogram;
    private final FrequencyAxis axis;

    /**
     * @param sampleRate   frames per second
     * @param channels     channels in the render
     * @param totalFrames  frames that will be fed
     * @param title        the line drawn above the picture (file name, format...)
     * @param logFrequency a logarithmic frequency axis (from 20 Hz) rather than a linear one
     */
    public RenderPicture(float sampleRate, int channels, long totalFrames, String title, boolean logFrequency) {
        if (channels < 1 || totalFrames < 0 || !(sampleRate > 0)) {
            throw new IllegalArgumentException("a picture needs channels >= 1, frames >= 0 and a positive rate; got "
                    + channels + ", " + totalFrames + ", " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.totalFrames = totalFrames;
        this.title = title;
        this.laneHeight = channels <= 2 ? 120 : Math.max(48, 240 / channels);
        int plotWidth = WIDTH - LEFT - RIGHT;
        waveform = new Waveform(channels, totalFrames, plotWidth);
        axis = new FrequencyAxis(SPECTROGRAM_HEIGHT, sampleRate, logFrequency);
        spectrogram = new Spectrogram(sampleRate, totalFrames, plotWidth, axis);
    }

    /**
     * Takes the next rendered block.
     *
     * @param block  one array per channel
     * @param frames how many leading frames are valid
     */
    public void accept(float[][] block, int frames) {
        waveform.accept(block, frames);
        spectrogram.accept(block, frames);
    }

    /**
     * Draws the picture and writes it as a PNG.
     *
     * @param file where to write
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        BufferedImage image = draw();
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        }
    }

    /** @return the picture; call once, after the last block */
    BufferedImage draw() {
        spectrogram.finish();
        int height = spectrogramTop() + SPECTROGRAM_HEIGHT + BOTTOM;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(TEXT);
            g.drawString(title, LEFT, 27);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int c = 0; c < waveform.channels(); c++) {
                drawLane(g, c);
            }
            drawRotated(g, "amplitude", 16, (TOP + laneTop(waveform.channels()) - 8) / 2);
            drawSpectrogram(image, g);
            drawColourScale(g);
            drawTimeAxis(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    int laneTop(int channel) {
        return TOP + channel * (laneHeight + 8);
    }

    int laneHeight() {
        return laneHeight;
    }

    int spectrogramTop() {
        return laneTop(waveform.channels()) - 8 + GAP;
    }

    /** @return the pixel row of the image where the spectrogram shows {@code hz} */
    int spectrogramY(double hz) {
        return spectrogramTop() + SPECTROGRAM_HEIGHT - 1 - axis.rowOf(hz);
    }

    private void drawLane(Graphics2D g, int channel) {
        int top = laneTop(channel);
        int w = plotWidth();
        g.setColor(PLOT);
        g.fillRect(LEFT, top, w, laneHeight);
        int mid = top + laneHeight / 2;
        double half = (laneHeight - 2) / 2.0;
        g.setColor(GRID);
        g.drawLine(LEFT, mid, LEFT + w - 1, mid);
        drawTimeGrid(g, top, laneHeight);
        for (int x = 0; x < w; x++) {
            if (!waveform.has(x)) {
                continue;
            }
            float lo = waveform.min(channel, x);
            float hi = waveform.max(channel, x);
            int yHi = mid - (int) Math.round(Math.min(1, hi) * half);
            int yLo = mid - (int) Math.round(Math.max(-1, lo) * half);
            g.setColor(PEAK);
            g.drawLine(LEFT + x, Math.min(yHi, yLo), LEFT + x, Math.max(yHi, yLo));
            double rms = Math.min(waveform.rms(channel, x), 1);
            int yRmsHi = Math.max(yHi, mid - (int) Math.round(rms * half));
            int yRmsLo = Math.min(yLo, mid + (int) Math.round(rms * half));
            if (yRmsLo > yRmsHi) {
                g.setColor(RMS);
                g.drawLine(LEFT + x, yRmsHi, LEFT + x, yRmsLo);
            }
            g.setColor(CLIP);
            if (hi > 1) {
                g.drawLine(LEFT + x, top, LEFT + x, top + 3);
            }
            if (lo < -1) {
                g.drawLine(LEFT + x, top + laneHeight - 4, LEFT + x, top + laneHeight - 1);
            }
        }
        FontMetrics fm = g.getFontMetrics();
        g.setColor(DIM_TEXT);
        String[] labels = {"+1", "0", "-1"};
        int[] ys = {top + fm.getAscent(), mid + fm.getAscent() / 2 - 1, top + laneHeight - 2};
        for (int i = 0; i < labels.length; i++) {
            g.drawString(labels[i], LEFT - 8 - fm.stringWidth(labels[i]), ys[i]);
        }
        g.setColor(TEXT);
        g.setFont(g.getFont().deriveFont(Font.BOLD));
        g.drawString(channelName(channel), LEFT + 6, top + fm.getAscent() + 3);
        g.setFont(g.getFont().deriveFont(Font.PLAIN));
    }

    private String channelName(int channel) {
        if (waveform.channels() == 2) {
            return channel == 0 ? "L" : "R";
        }
        return waveform.channels() == 1 ? "mono" : "ch " + (channel + 1);
    }

    private void drawSpectrogram(BufferedImage image, Graphics2D g) {
        int top = spectrogramTop();
        float[][] levels = spectrogram.levels();
        for (int x = 0; x < levels.length; x++) {
            for (int row = 0; row < SPECTROGRAM_HEIGHT; row++) {
                image.setRGB(LEFT + x, top + SPECTROGRAM_HEIGHT - 1 - row, ColourMap.rgb(unit(levels[x][row])));
            }
        }
        FontMetrics fm = g.getFontMetrics();
        for (double hz : axis.ticks()) {
            int y = spectrogramY(hz);
            g.setColor(DIM_TEXT);
            g.drawLine(LEFT - 5, y, LEFT - 1, y);
            String label = FrequencyAxis.label(hz);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        drawRotated(g, "frequency (Hz)" + (axis.logarithmic() ? "" : ", linear"), 16, top + SPECTROGRAM_HEIGHT / 2);
    }

    private static double unit(double db) {
        return Math.max(0, Math.min(1, (db - Spectrogram.FLOOR_DB) / -Spectrogram.FLOOR_DB));
    }

    private void drawColourScale(Graphics2D g) {
        int top = spectrogramTop();
        int x = LEFT + plotWidth() + 16;
        int barWidth = 14;
        for (int y = 0; y < SPECTROGRAM_HEIGHT; y++) {
            g.setColor(new Color(ColourMap.rgb(1 - y / (double) (SPECTROGRAM_HEIGHT - 1))));
            g.drawLine(x, top + y, x + barWidth - 1, top + y);
        }
        FontMetrics fm = g.getFontMetrics();
        g.setColor(DIM_TEXT);
        for (int db = 0; db >= Spectrogram.FLOOR_DB; db -= 20) {
            int y = top + (int) Math.round((1 - unit(db)) * (SPECTROGRAM_HEIGHT - 1));
            g.drawLine(x + barWidth, y, x + barWidth + 3, y);
            g.drawString(Integer.toString(db), x + barWidth + 6, y + fm.getAscent() / 2 - 1);
        }
        g.setColor(TEXT);
        g.drawString("dBFS", x - 2, top - 6);
    }

    private double seconds() {
        return totalFrames / (double) sampleRate;
    }

    private void drawTimeGrid(Graphics2D g, int top, int height) {
        double step = Ticks.timeStep(seconds(), 12);
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {2, 3}, 0));
        for (double t = step; t < seconds(); t += step) {
            int x = timeX(t);
            g.drawLine(x, top, x, top + height - 1);
        }
        g.setStroke(new BasicStroke(1));
    }

    private int timeX(double t) {
        return LEFT + (int) Math.round(t / Math.max(seconds(), 1e-9) * (plotWidth() - 1));
    }

    private void drawTimeAxis(Graphics2D g) {
        int y = spectrogramTop() + SPECTROGRAM_HEIGHT;
        double step = Ticks.timeStep(seconds(), 12);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(DIM_TEXT);
        for (double t = 0; t <= seconds() + 1e-9; t += step) {
            int x = timeX(t);
            g.drawLine(x, y, x, y + 4);
            String label = Ticks.time(t, seconds());
            int lx = Math.max(LEFT - fm.stringWidth(label) / 2, Math.min(x - fm.stringWidth(label) / 2, WIDTH - fm.stringWidth(label) - 4));
            g.drawString(label, lx, y + 6 + fm.getAscent());
        }
        g.setColor(TEXT);
        String name = "time";
        g.drawString(name, LEFT + plotWidth() / 2 - fm.stringWidth(name) / 2, y + 10 + 2 * fm.getAscent());
    }

    private static void drawRotated(Graphics2D g, String text, int x, int centreY) {
        AffineTransform saved = g.getTransform();
        g.setColor(TEXT);
        g.rotate(-Math.PI / 2, x, centreY);
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, centreY + g.getFontMetrics().getAscent() / 2);
        g.setTransform(saved);
    }
}
